import Foundation
import StewardCore

/// The console's duration choice: 24 h, 48 h, a custom number of hours, or permanent.
enum ConsoleDuration {
    static func expiry(duration: String?, customHours: String?, now: Date) throws -> Date? {
        switch duration ?? "permanent" {
        case "permanent": return nil
        case "24": return now.addingTimeInterval(24 * 3600)
        case "48": return now.addingTimeInterval(48 * 3600)
        case "custom":
            guard let hours = customHours.flatMap(Double.init), hours > 0, hours <= 24 * 365 * 10 else {
                throw ValidationFailure([FieldError("custom_hours", "must be a positive number of hours")])
            }
            return now.addingTimeInterval(hours * 3600)
        default:
            throw ValidationFailure([FieldError("duration", "choose 24 h, 48 h, custom or permanent")])
        }
    }
}

import Foundation

/// Memory figures of this process, for reporting what the decision index costs.
enum ProcessMemory {
    /// Resident set size from /proc, 0 where there is none. Memory malloc keeps after a free still counts,
    /// so a growth measured with it is an upper bound.
    static var resident: Int {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
              let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmRSS:") }),
              let kilobytes = line.split(separator: " ").dropFirst().first.flatMap({ Int($0) })
        else { return 0 }
        return kilobytes * 1024
    }
}

import Foundation
import StewardCore

/// The password policy with the bundled list of common passwords (`Resources/common-passwords.txt`, whose
/// header names its source and licence).
enum CommonPasswords {
    static let policy: PasswordPolicy = {
        guard let url = Bundle.module.url(forResource: "common-passwords", withExtension: "txt"),
              let text = try? String(contentsOf: url, encoding: .utf8)
        else { fatalError("common-passwords.txt is missing from this build") }
        return PasswordPolicy(commonPasswords: text.split(separator: "\n").lazy.filter { !$0.hasPrefix("#") }.map(String.init))
    }()
}

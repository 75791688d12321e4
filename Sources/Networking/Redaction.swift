import Foundation

/// Removes secrets from text meant for people.
public enum Redaction {
    /// `text` with every occurrence of each non-empty secret replaced by `<redacted>`.
    ///
    /// - Parameters:
    ///   - text: Text that may contain secrets.
    ///   - secrets: Values to remove (empty strings are ignored).
    /// - Returns: The redacted text.
    /// - Complexity: O(text length × number of secrets).
    public static func redact(_ text: String, secrets: [String]) -> String {
        secrets.filter { !$0.isEmpty }.reduce(text) { $0.replacingOccurrences(of: $1, with: "<redacted>") }
    }
}

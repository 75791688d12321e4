import Foundation

/// A secret API key that never shows up in descriptions, debug output or mirrors.
///
/// The caller reads it (usually from an environment variable) and hands it over; only
/// ``authorizationHeaders`` reveals the value, to put it on the wire.
public struct APIKey: Sendable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    private let value: String

    /// Wraps a key; nil when `value` is nil, empty or only whitespace.
    ///
    /// - Parameter value: The key text.
    public init?(_ value: String?) {
        guard let trimmed = value?.trimmingCharacters(in: .whitespacesAndNewlines), !trimmed.isEmpty else { return nil }
        self.value = trimmed
    }

    /// The key in environment variable `name`, or nil when unset or empty.
    ///
    /// - Parameters:
    ///   - name: The variable, such as `OPENAI_API_KEY`.
    ///   - environment: The environment to read (default: the process's).
    /// - Returns: The key, or nil.
    public static func fromEnvironment(_ name: String, environment: [String: String] = ProcessInfo.processInfo.environment) -> APIKey? {
        APIKey(environment[name])
    }

    /// `["Authorization": "Bearer <key>"]`, the headers that carry the key.
    public var authorizationHeaders: [String: String] { ["Authorization": "Bearer \(value)"] }

    /// `text` with the key replaced by `<redacted>`.
    ///
    /// - Parameter text: Any text meant for people.
    /// - Returns: The redacted text.
    public func redact(_ text: String) -> String { Redaction.redact(text, secrets: [value]) }

    /// Always `<redacted>`.
    public var description: String { "<redacted>" }
    /// Always `APIKey(<redacted>)`.
    public var debugDescription: String { "APIKey(<redacted>)" }
    /// A mirror without children.
    public var customMirror: Mirror { Mirror(self, children: [:]) }
}

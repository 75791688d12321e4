/// A mistake on the command line: printed as `error: message` plus a hint; exit status 64.
public struct UsageError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What is wrong, e.g. `unknown option '--thresold'`.
    public let message: String
    /// What to do about it, e.g. `did you mean '--threshold'? (see --help)`.
    public let hint: String?

    /// Creates a usage error.
    public init(_ message: String, hint: String? = nil) {
        self.message = message
        self.hint = hint
    }

    /// Same as ``message``.
    public var description: String { message }
}

/// A failure a command words itself, naming the flags that fix it where that helps (a run that stopped
/// short, say): printed as `error: message`, exit status 1.
public struct CommandFailure: Error, Sendable, Equatable, CustomStringConvertible {
    /// What went wrong.
    public let message: String

    /// Creates a failure.
    public init(_ message: String) {
        self.message = message
    }

    /// Same as ``message``.
    public var description: String { message }
}

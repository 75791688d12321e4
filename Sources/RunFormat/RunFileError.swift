/// A run file that could not be written, created or truncated (not bad content: the disk state is
/// uncertain, so the command stops with exit 1). The description names the file and the cause.
public struct RunFileError: Error, Sendable, CustomStringConvertible {
    /// `path: what failed (cause)`.
    public let description: String

    /// An error with its message.
    public init(_ description: String) {
        self.description = description
    }
}

/// Why a ``VectorIndex`` refused a vector, an argument or a file.
///
/// A struct over a closed set of ``Kind``s, so new cases can be added without breaking
/// callers that switch on `kind`; `description` is the message a user sees and names the
/// file (and row or field) whenever one is involved.
public struct IndexError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The family of failure.
    public enum Kind: Sendable, Equatable {
        /// A vector of the wrong dimension, with a NaN or infinite value, or all zeros.
        case invalidVector
        /// An argument out of range (for example a negative `k`).
        case invalidArgument
        /// A file that could not be read or written.
        case io
        /// A file shorter than its header says it should be.
        case truncatedFile
        /// A file whose checksum, header fields or contents are inconsistent.
        case corruptedFile
        /// A file that is not a PersonaBank index (wrong magic) or of an unknown format version.
        case unsupportedFormat
    }

    /// The family of failure.
    public let kind: Kind
    /// The file involved, when there is one.
    public let path: String?
    /// What went wrong, in words (without the path).
    public let message: String

    public var description: String {
        if let path { return "\(path): \(message)" }
        return message
    }

    static func invalidVector(_ message: String) -> IndexError {
        IndexError(kind: .invalidVector, path: nil, message: message)
    }

    static func invalidArgument(_ message: String) -> IndexError {
        IndexError(kind: .invalidArgument, path: nil, message: message)
    }

    static func io(_ path: String, _ message: String) -> IndexError {
        IndexError(kind: .io, path: path, message: message)
    }

    static func truncated(_ path: String, _ message: String) -> IndexError {
        IndexError(kind: .truncatedFile, path: path, message: message)
    }

    static func corrupted(_ path: String, _ message: String) -> IndexError {
        IndexError(kind: .corruptedFile, path: path, message: message)
    }

    static func unsupported(_ path: String, _ message: String) -> IndexError {
        IndexError(kind: .unsupportedFormat, path: path, message: message)
    }
}

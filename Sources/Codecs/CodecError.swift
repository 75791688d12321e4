/// A compression or decompression failure, naming the codec and what went wrong.
public struct CodecError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The kind of failure.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private let name: String
        private init(_ name: String) { self.name = name }
        /// The code's name, as printed in error messages.
        public var description: String { name }

        /// The compressed bytes are not a valid stream of the codec.
        public static let corruptInput = Code("corrupt input")
        /// The stream decompresses to another size than the caller said it must have.
        public static let sizeMismatch = Code("size mismatch")
        /// The requested output size is negative or above the caller's cap.
        public static let limitExceeded = Code("limit exceeded")
        /// The library failed for another reason (out of memory, an input too large for its API).
        public static let libraryFailure = Code("library failure")
    }

    /// The kind of failure.
    public let code: Code
    /// The codec: `"snappy"`, `"zstd"` or `"gzip"`.
    public let codec: String
    /// What was wrong, with the sizes involved.
    public let detail: String

    /// Creates an error.
    ///
    /// - Parameters:
    ///   - code: The kind of failure.
    ///   - codec: The codec's name.
    ///   - detail: What was wrong.
    public init(_ code: Code, codec: String, _ detail: String) {
        self.code = code
        self.codec = codec
        self.detail = detail
    }

    /// `"snappy: size mismatch: …"`.
    public var description: String { "\(codec): \(code): \(detail)" }
}

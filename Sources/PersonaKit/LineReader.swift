import Foundation

/// Streams the lines of a text file in bounded memory.
///
/// A UTF-8 byte-order mark at the start is skipped; `\r\n` endings lose their `\r`; blank lines
/// are delivered (callers decide). A line longer than ``maxLineBytes`` or not valid UTF-8 is
/// delivered as a failure naming its line number, and reading goes on with the next line.
///
/// ```swift
/// try LineReader(url: url).forEachLine { result in
///     let line = try result.get()
///     print(line.number, line.text)
/// }
/// ```
public struct LineReader: Sendable {
    /// One line of text.
    public struct Line: Sendable, Equatable {
        /// 1-based line number.
        public let number: Int
        /// The line without its line ending.
        public let text: String
        /// False only for a last line that has no trailing newline (possibly cut off).
        public let isTerminated: Bool

        /// Creates a line.
        public init(number: Int, text: String, isTerminated: Bool) {
            self.number = number
            self.text = text
            self.isTerminated = isTerminated
        }
    }

    /// 1 MiB: longer lines are reported as errors.
    public static let defaultMaxLineBytes = 1 << 20

    /// The file to read.
    public let url: URL
    /// The longest accepted line, in bytes.
    public let maxLineBytes: Int
    /// How many bytes are read from the file at a time.
    public let chunkSize: Int

    /// Creates a reader; nothing is opened until ``forEachLine(_:)``.
    ///
    /// - Parameters:
    ///   - url: the file.
    ///   - maxLineBytes: the longest accepted line (default 1 MiB).
    ///   - chunkSize: the read size (default 256 KiB).
    public init(url: URL, maxLineBytes: Int = LineReader.defaultMaxLineBytes, chunkSize: Int = 256 << 10) {
        precondition(maxLineBytes > 0 && chunkSize > 0, "limits must be positive")
        self.url = url
        self.maxLineBytes = maxLineBytes
        self.chunkSize = chunkSize
    }

    /// The path used in error messages (as the user gave it).
    public var displayPath: String { url.relativePath }

    /// Calls `body` with every line in order: `.success` for a readable line, `.failure` for a
    /// line that is too long or not UTF-8 (reading then continues).
    ///
    /// - Parameter body: receives each line; an error it throws stops reading and is rethrown.
    /// - Throws: ``InputError`` when the file cannot be opened or read, or what `body` throws.
    /// - Complexity: O(file size) time; memory O(chunkSize + maxLineBytes).
    public func forEachLine(_ body: (Result<Line, InputError>) throws -> Void) throws {
        var cursor = try LineCursor(url: url, displayPath: displayPath, maxLineBytes: maxLineBytes, chunkSize: chunkSize)
        while let line = try cursor.next() { try body(line) }
    }

    /// "1 MiB", "64 KiB" or "100 bytes".
    static func describe(bytes: Int) -> String {
        bytes % (1 << 20) == 0 ? "\(bytes >> 20) MiB" : bytes % 1024 == 0 ? "\(bytes >> 10) KiB" : "\(bytes) bytes"
    }
}

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
        let chunks = try FileChunks(url: url, displayPath: displayPath, chunkSize: chunkSize)
        defer { chunks.close() }
        var pending: [UInt8] = []
        var number = 1
        var discarding = false  // inside a line already reported as too long
        while let chunk = try chunks.next() {
            var start = 0
            while let newline = chunk.firstIndex(of: 0x0A, from: start) {
                if discarding {
                    discarding = false
                } else if pending.isEmpty {
                    try deliver(chunk[start..<newline], number: number, terminated: true, body)
                } else {
                    pending.append(contentsOf: chunk[start..<newline])
                    try deliver(pending[...], number: number, terminated: true, body)
                    pending.removeAll(keepingCapacity: true)
                }
                number += 1
                start = newline + 1
            }
            if !discarding, start < chunk.count {
                pending.append(contentsOf: chunk[start...])
                if pending.count > maxLineBytes + 1 {  // +1: room for a `\r`
                    try body(.failure(tooLong(number)))
                    discarding = true
                    pending = []
                }
            }
        }
        if !discarding, !pending.isEmpty {
            try deliver(pending[...], number: number, terminated: false, body)
        }
    }

    private func tooLong(_ number: Int) -> InputError {
        InputError(file: displayPath, line: number, field: nil,
                   message: "line is longer than \(maxLineBytes) bytes (limit \(Self.describe(bytes: maxLineBytes)))")
    }

    static func describe(bytes: Int) -> String {
        bytes % (1 << 20) == 0 ? "\(bytes >> 20) MiB" : bytes % 1024 == 0 ? "\(bytes >> 10) KiB" : "\(bytes) bytes"
    }

    private func deliver(_ raw: ArraySlice<UInt8>, number: Int, terminated: Bool,
                         _ body: (Result<Line, InputError>) throws -> Void) throws {
        var bytes = raw
        if number == 1, bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes = bytes.dropFirst(3) }
        if bytes.last == 0x0D { bytes = bytes.dropLast() }
        if bytes.count > maxLineBytes {
            try body(.failure(tooLong(number)))
            return
        }
        switch decodeUTF8(bytes) {
        case let .success(text):
            try body(.success(Line(number: number, text: text, isTerminated: terminated)))
        case let .failure(failure):
            try body(.failure(InputError(file: displayPath, line: number, field: nil,
                                         message: "invalid UTF-8 at byte \(failure.byteOffset) of the line")))
        }
    }
}

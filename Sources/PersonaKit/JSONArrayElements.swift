import Foundation

/// The top-level elements of a JSON array file as their JSON text, one at a time: for copying records
/// while adding fields to them (`spb-analyze dedup --annotate`).
///
/// Elements are cut as the dataset reader cuts them, so an element's line is the ``DatasetRecord/line``
/// the reader gives its record.
public struct JSONArrayElements {
    private var scanner: JSONArrayScanner

    /// Opens `url`.
    ///
    /// - Parameters:
    ///   - url: the JSON array file.
    ///   - maxElementBytes: the longest element read (as the dataset reader's limit).
    /// - Throws: ``InputError`` when the file cannot be opened.
    public init(url: URL, maxElementBytes: Int = LineReader.defaultMaxLineBytes) throws(InputError) {
        scanner = try JSONArrayScanner(url: url, displayPath: url.relativePath, maxElementBytes: maxElementBytes, chunkSize: 256 << 10)
    }

    /// The next element's JSON text and the line where it starts; an element the reader cannot read (too long)
    /// is passed over; nil at the end of the array or where its structure breaks.
    ///
    /// - Throws: ``InputError`` on an I/O error.
    public mutating func next() throws(InputError) -> (line: Int, text: String)? {
        while let event = try scanner.next() {
            switch event {
            case let .record(line, bytes): return (line, String(decoding: bytes, as: UTF8.self))
            case .bad, .fatal: continue
            }
        }
        return nil
    }
}

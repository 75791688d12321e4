import Foundation

/// The rows of a CSV file as they are written (quotes and separators kept), the header first: for
/// copying rows while adding columns to them (`spb-analyze dedup --annotate`).
///
/// Rows are cut as the dataset reader cuts them (RFC 4180: a quoted field may hold line breaks), so a
/// row's line is the ``DatasetRecord/line`` the reader gives its record. Blank lines are passed over.
public struct CSVRawRows {
    private var scanner: CSVScanner

    /// Opens `url`.
    ///
    /// - Parameters:
    ///   - url: the CSV file.
    ///   - maxRecordBytes: the longest row read (as the dataset reader's limit).
    /// - Throws: ``InputError`` when the file cannot be opened.
    public init(url: URL, maxRecordBytes: Int = LineReader.defaultMaxLineBytes) throws(InputError) {
        scanner = try CSVScanner(url: url, displayPath: url.relativePath, column: "", maxRecordBytes: maxRecordBytes,
                                 chunkSize: 256 << 10, rawRows: true)
    }

    /// The next row without its line ending, and the line where it starts; nil at the end of the file or at a
    /// row the dataset reader cannot read either (longer than the limit, or a quote left open at the end).
    ///
    /// - Throws: ``InputError`` on an I/O error.
    public mutating func next() throws(InputError) -> (line: Int, text: String)? {
        switch try scanner.next() {
        case let .record(line, bytes)?: (line, String(decoding: bytes, as: UTF8.self))
        case .bad?, .fatal?, nil: nil
        }
    }
}

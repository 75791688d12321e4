import Foundation

/// A file's bytes one at a time, read in bounded chunks through ``FileChunks`` (BOM dropped).
/// The byte pump of the scanners that need every byte (CSV, JSON array).
struct ByteCursor {
    private let chunks: FileChunks
    private var chunk: [UInt8] = []
    private var index = 0

    /// Opens `url`.
    ///
    /// - Throws: ``InputError`` when the file cannot be opened.
    init(url: URL, displayPath: String, chunkSize: Int) throws(InputError) {
        chunks = try FileChunks(url: url, displayPath: displayPath, chunkSize: chunkSize)
    }

    /// The next byte, or nil at the end of the file.
    ///
    /// - Throws: ``InputError`` on an I/O error.
    /// - Complexity: amortised O(1); memory O(chunkSize).
    mutating func next() throws(InputError) -> UInt8? {
        while index == chunk.count {
            guard let next = try chunks.next() else { return nil }
            chunk = next
            index = 0
        }
        let byte = chunk[index]
        index += 1
        return byte
    }
}

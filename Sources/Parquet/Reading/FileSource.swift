import Foundation

/// An open file read by byte ranges (seek, then read), so only the ranges asked for are in memory.
struct FileSource {
    /// The file's path, for errors.
    let path: String
    /// The file's size in bytes.
    let size: Int
    private let handle: FileHandle

    /// Opens `url` for reading.
    ///
    /// - Throws: ``ParquetError`` with code ``ParquetError/Code/io`` when the file cannot be opened.
    init(url: URL) throws(ParquetError) {
        path = url.path
        do {
            handle = try FileHandle(forReadingFrom: url)
            let end = try handle.seekToEnd()
            guard end <= UInt64(Int.max) else { throw ParquetError(.io, file: url.path, detail: "the file is too large") }
            size = Int(end)
        } catch let error as ParquetError {
            throw error
        } catch {
            throw ParquetError(.io, file: url.path, detail: "cannot open the file: \(error.localizedDescription)")
        }
    }

    /// The `count` bytes at `offset`.
    ///
    /// - Throws: ``ParquetError`` when the range is not inside the file or the read fails.
    func read(offset: Int, count: Int) throws(ParquetError) -> [UInt8] {
        let (end, overflow) = offset.addingReportingOverflow(count)
        guard offset >= 0, count >= 0, !overflow, end <= size else {
            throw ParquetError(.malformed, file: path, detail: "byte range \(offset) + \(count) is outside the file of \(size) bytes")
        }
        guard count > 0 else { return [] }
        do {
            try handle.seek(toOffset: UInt64(offset))
            guard let data = try handle.read(upToCount: count), data.count == count else {
                throw ParquetError(.io, file: path, detail: "short read of \(count) bytes at offset \(offset)")
            }
            return [UInt8](data)
        } catch let error as ParquetError {
            throw error
        } catch {
            throw ParquetError(.io, file: path, detail: "cannot read \(count) bytes at offset \(offset): \(error.localizedDescription)")
        }
    }

    /// Closes the file.
    func close() {
        try? handle.close()
    }
}

import Foundation

extension SHA256Digest {
    /// The SHA-256 (hex) and size of the file at `url`, read in 1 MiB blocks.
    ///
    /// - Parameter url: the file; errors name its `relativePath`.
    /// - Throws: ``InputError`` (no line) when the file cannot be opened or read.
    /// - Complexity: O(file size) time, O(1 MiB) memory.
    public static func checksum(of url: URL) throws(InputError) -> (sha256: String, bytes: Int) {
        let handle: FileHandle
        do { handle = try FileHandle(forReadingFrom: url) } catch {
            let reason = FileManager.default.fileExists(atPath: url.path) ? "cannot be read" : "no such file"
            throw InputError(file: url.relativePath, line: nil, field: nil, message: "cannot open the file: \(reason)")
        }
        defer { try? handle.close() }
        var digest = SHA256Digest(), total = 0
        do {
            // `read(upToCount:)` returns nil or empty data at the end of the file.
            while let block = try handle.read(upToCount: 1 << 20), !block.isEmpty {
                digest.update(block)
                total += block.count
            }
        } catch {
            throw InputError(file: url.relativePath, line: nil, field: nil, message: "read failed: \(error.localizedDescription)")
        }
        return (digest.hexDigest(), total)
    }
}

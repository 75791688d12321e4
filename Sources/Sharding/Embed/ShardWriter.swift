import Analysis
import Foundation
import PersonaKit
import LinearAlgebra

/// Writes one shard's files: `.npy` and ids under temporary names, renamed into place, then the
/// manifest (also renamed into place) last. A crash leaves at most temporary files and no manifest.
public enum ShardWriter {
    /// Writes `embeddings` (float32, C order, via ``Analysis/NotebookFiles/npyHeader(rows:columns:)``)
    /// and `ids` (one per line, row-aligned) for `shard`, then the manifest built by `manifest` from
    /// the `.npy` checksum and size and the ids checksum.
    /// - Returns: the manifest written.
    /// - Throws: file-system errors.
    /// - Complexity: O(rows · columns) time; O(block) extra memory (the payload is streamed and hashed as written).
    @discardableResult
    public static func write(_ embeddings: Matrix, ids: [String], shard: ShardSpec, to directory: URL,
                             manifest: (_ npySHA256: String, _ npyBytes: Int, _ idsSHA256: String) -> ShardManifest) throws -> ShardManifest {
        precondition(ids.count == embeddings.rows, "one id per row")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let npyURL = directory.appendingPathComponent(ShardFiles.embeddings(shard: shard.index, of: shard.count))
        let idsURL = directory.appendingPathComponent(ShardFiles.ids(shard: shard.index, of: shard.count))
        let manifestURL = directory.appendingPathComponent(ShardFiles.manifest(shard: shard.index, of: shard.count))
        // An old manifest would vouch for files about to be replaced.
        if FileManager.default.fileExists(atPath: manifestURL.path) { try FileManager.default.removeItem(at: manifestURL) }

        let (npyDigest, npyBytes) = try writeNPY(embeddings, to: temporary(npyURL))
        try moveIntoPlace(temporary(npyURL), npyURL)
        let idsData = Data(ids.map { $0 + "\n" }.joined().utf8)
        try idsData.write(to: temporary(idsURL))
        try moveIntoPlace(temporary(idsURL), idsURL)
        let written = manifest(npyDigest, npyBytes, SHA256Digest.hex(idsData))
        try written.encoded().write(to: temporary(manifestURL))
        try moveIntoPlace(temporary(manifestURL), manifestURL)
        return written
    }

    /// The SHA-256 (hex) and size of a file (``PersonaKit/SHA256Digest/checksum(of:)``); nil when it cannot be read.
    /// - Complexity: O(file size) time, O(block) memory.
    public static func checksum(of url: URL) -> (sha256: String, bytes: Int)? {
        try? SHA256Digest.checksum(of: url)
    }

    /// `.name.partial` beside `url`.
    static func temporary(_ url: URL) -> URL {
        url.deletingLastPathComponent().appendingPathComponent("." + url.lastPathComponent + ".partial")
    }

    private static func moveIntoPlace(_ source: URL, _ destination: URL) throws {
        guard rename(source.path, destination.path) == 0 else {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: destination.path,
                                                          NSLocalizedDescriptionKey: "cannot rename \(source.path) to \(destination.path): \(String(cString: strerror(errno)))"])
        }
    }

    /// Writes the NPY file and returns its SHA-256 and size, hashing the bytes as they are written.
    private static func writeNPY(_ matrix: Matrix, to url: URL) throws -> (String, Int) {
        var digest = SHA256Digest()
        let bytes = try NotebookFiles.writeNPY(matrix, to: url) { digest.update($0) }
        return (digest.hexDigest(), bytes)
    }
}

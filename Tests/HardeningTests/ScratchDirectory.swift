import Foundation

/// A fresh temporary directory, removed by ``remove()``.
struct ScratchDirectory {
    let url: URL

    init(_ name: String) throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("hardening-\(name)-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    /// Writes `data` to `name` in the directory and returns its URL.
    func write(_ name: String, _ data: Data) throws -> URL {
        let file = url.appendingPathComponent(name)
        try data.write(to: file)
        return file
    }

    /// Writes `text` (UTF-8) to `name`.
    func write(_ name: String, _ text: String) throws -> URL { try write(name, Data(text.utf8)) }

    func remove() { try? FileManager.default.removeItem(at: url) }
}

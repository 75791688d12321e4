import Foundation
import PersonaKit
import Testing

@Suite("Streaming keeps memory bounded")
struct LargeFileTests {
    /// Resident set size of this process in bytes, from /proc (nil where there is no /proc).
    static func residentBytes() -> Int? {
        guard let text = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8) else { return nil }
        let fields = text.split(separator: " ")
        guard fields.count > 1, let pages = Int(fields[1]) else { return nil }
        return pages * Int(sysconf(Int32(_SC_PAGESIZE)))
    }

    @Test("a 64 MB text file streams with resident memory growing by far less than its size",
          .enabled(if: residentBytes() != nil, "skipped: /proc/self/statm is unavailable"))
    func largeTextFile() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let url = dir.url.appendingPathComponent("big.txt")
        let line = "A fictional night-ferry engineer who restores radios and writes letters to strangers. #"
        var block = Data()
        for index in 0..<8192 { block.append(contentsOf: Array("\(line)\(index)\n".utf8)) }
        try #require(FileManager.default.createFile(atPath: url.path, contents: nil))
        let handle = try FileHandle(forWritingTo: url)
        var written = 0
        var expectedLines = 0
        while written < 64 << 20 {
            try handle.write(contentsOf: block)
            written += block.count
            expectedLines += 8192
        }
        try handle.close()

        let baseline = try #require(Self.residentBytes())
        var peak = baseline
        var count = 0
        let summary = try DatasetReader(url: url, format: .plainText, mode: .strict).read { record in
            count += 1
            if count % 20_000 == 0, let now = Self.residentBytes() { peak = max(peak, now) }
            if count == 1 { #expect(record.text == "\(line)0") }
        }
        #expect(summary.records == expectedLines && count == expectedLines)
        #expect(peak - baseline < 24 << 20, "resident memory grew by \((peak - baseline) >> 20) MiB for a \(written >> 20) MiB file")
    }
}

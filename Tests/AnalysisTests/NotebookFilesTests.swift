import Foundation
import LinearAlgebra
import Testing
import TestSupport
@testable import Analysis

@Suite("Notebook files")
struct NotebookFilesTests {
    @Test func npyHeaderIsVersion1AndAligned() throws {
        let matrix = Matrix(rows: 3, columns: 5, storage: (0 ..< 15).map { Float($0) * 0.5 - 1 })
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("npy-\(UUID().uuidString).npy")
        defer { try? FileManager.default.removeItem(at: url) }
        try NotebookFiles.writeNPY(matrix, to: url)
        let bytes = [UInt8](try Data(contentsOf: url))
        #expect(Array(bytes[0 ..< 8]) == [0x93, 0x4E, 0x55, 0x4D, 0x50, 0x59, 1, 0])
        let headerLength = Int(bytes[8]) | Int(bytes[9]) << 8
        #expect((10 + headerLength) % 64 == 0)
        let header = try #require(String(bytes: bytes[10 ..< 10 + headerLength], encoding: .ascii))
        #expect(header.hasPrefix("{'descr': '<f4', 'fortran_order': False, 'shape': (3, 5), }"))
        #expect(header.hasSuffix("\n"))
        #expect(bytes.count == 10 + headerLength + 15 * 4)
        // Little-endian float32 payload.
        let offset = 10 + headerLength + 4 * 7
        let bits = UInt32(bytes[offset]) | UInt32(bytes[offset + 1]) << 8 | UInt32(bytes[offset + 2]) << 16 | UInt32(bytes[offset + 3]) << 24
        #expect(Float(bitPattern: bits) == 2.5)
    }

    @Test func csvQuotesOnlyWhatNeedsIt() {
        #expect(NotebookFiles.csvField("plain") == "plain")
        #expect(NotebookFiles.csvField("a, b") == "\"a, b\"")
        #expect(NotebookFiles.csvField("say \"hi\"") == "\"say \"\"hi\"\"\"")
        #expect(NotebookFiles.csvField("two\nlines") == "\"two\nlines\"")
        #expect(NotebookFiles.csvField(" padded") == "\" padded\"")
        #expect(NotebookFiles.csv(header: ["id", "text"], rows: [["1", "x,y"]]) == "id,text\n1,\"x,y\"\n")
        #expect(NotebookFiles.number(Float.nan) == "")
    }
}

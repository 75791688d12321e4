import Foundation
import LinearAlgebra
import TestSupport
import Testing
@testable import VectorIndex

@Suite("VectorIndex files")
struct VectorIndexPersistenceTests {
    /// A fresh file path in the temporary directory.
    static func temporaryFile(_ name: String) -> URL {
        FileManager.default.temporaryDirectory
            .appendingPathComponent("vectorindex-\(ProcessInfo.processInfo.processIdentifier)-\(UInt64.random(in: 0 ... .max))-\(name)")
    }

    /// A small saved index and its path.
    static func savedIndex() throws -> (VectorIndex, URL) {
        var generator = SplitMix64(seed: 41)
        let index = try VectorIndex(vectors: generator.unitRows(50, columns: 12))
        let url = temporaryFile("index.pbvi")
        try index.write(to: url)
        return (index, url)
    }

    /// Expects reading `url` to fail with `kind`, naming the file.
    static func expectRefused(_ url: URL, kind: IndexError.Kind, mentioning text: String) {
        do {
            _ = try VectorIndex.read(from: url)
            Issue.record("\(url.lastPathComponent) was accepted")
        } catch let error as IndexError {
            #expect(error.kind == kind)
            #expect(error.description.contains(url.path))
            #expect(error.description.contains(text), "\(error.description)")
        } catch {
            Issue.record("unexpected error \(error)")
        }
    }

    @Test("save and load round trip")
    func roundTrip() throws {
        let (index, url) = try Self.savedIndex()
        defer { try? FileManager.default.removeItem(at: url) }
        let loaded = try VectorIndex.read(from: url)
        #expect(loaded.dimension == 12)
        #expect(loaded.count == 50)
        #expect(allClose(loaded.snapshot().storage, index.snapshot().storage, absolute: 0, relative: 0))
        let query = index.vector(at: 3)
        #expect(try loaded.search(query, k: 5) == index.search(query, k: 5))
        let empty = VectorIndex(dimension: 5)
        let emptyURL = Self.temporaryFile("empty.pbvi")
        defer { try? FileManager.default.removeItem(at: emptyURL) }
        try empty.write(to: emptyURL)
        let loadedEmpty = try VectorIndex.read(from: emptyURL)
        #expect(loadedEmpty.count == 0 && loadedEmpty.dimension == 5)
    }

    @Test("truncated files are refused", arguments: [0, 20, 32, 32 + 4 * 12 * 50 - 1])
    func truncated(length: Int) throws {
        let (_, url) = try Self.savedIndex()
        defer { try? FileManager.default.removeItem(at: url) }
        try Data(try Data(contentsOf: url).prefix(length)).write(to: url)
        Self.expectRefused(url, kind: .truncatedFile, mentioning: "bytes")
    }

    @Test("a flipped payload byte fails the checksum")
    func corrupted() throws {
        let (_, url) = try Self.savedIndex()
        defer { try? FileManager.default.removeItem(at: url) }
        var data = try Data(contentsOf: url)
        data[100] ^= 0x10
        try data.write(to: url)
        Self.expectRefused(url, kind: .corruptedFile, mentioning: "checksum")
    }

    @Test("trailing bytes are refused")
    func trailing() throws {
        let (_, url) = try Self.savedIndex()
        defer { try? FileManager.default.removeItem(at: url) }
        try (try Data(contentsOf: url) + Data([0, 0, 0, 0])).write(to: url)
        Self.expectRefused(url, kind: .corruptedFile, mentioning: "unexpected bytes")
    }

    @Test("wrong magic and unknown versions are refused")
    func wrongMagicAndVersion() throws {
        let (_, url) = try Self.savedIndex()
        defer { try? FileManager.default.removeItem(at: url) }
        let original = try Data(contentsOf: url)
        var wrongMagic = original
        wrongMagic[0] = UInt8(ascii: "X")
        try wrongMagic.write(to: url)
        Self.expectRefused(url, kind: .unsupportedFormat, mentioning: "magic")
        var wrongVersion = original
        wrongVersion[8] = 2
        try wrongVersion.write(to: url)
        Self.expectRefused(url, kind: .unsupportedFormat, mentioning: "version 2")
    }

    @Test("a zero dimension in the header is refused")
    func zeroDimension() throws {
        let (_, url) = try Self.savedIndex()
        defer { try? FileManager.default.removeItem(at: url) }
        var data = try Data(contentsOf: url)
        data.replaceSubrange(12 ..< 16, with: [0, 0, 0, 0])
        try data.write(to: url)
        Self.expectRefused(url, kind: .corruptedFile, mentioning: "dimension is 0")
    }

    @Test("a consistent file whose row is not a unit vector is refused")
    func nonUnitRow() throws {
        let (_, url) = try Self.savedIndex()
        defer { try? FileManager.default.removeItem(at: url) }
        var data = try Data(contentsOf: url)
        let header = IndexFileFormat.headerSize
        let row = 7, offset = header + row * 12 * 4
        data.replaceSubrange(offset ..< offset + 4, with: withUnsafeBytes(of: Float.nan.bitPattern.littleEndian, Array.init))
        let checksum = data.withUnsafeBytes { IndexFileFormat.fnv1a64(UnsafeRawBufferPointer(rebasing: $0[header...])) }
        data.replaceSubrange(24 ..< 32, with: withUnsafeBytes(of: checksum.littleEndian, Array.init))
        try data.write(to: url)
        Self.expectRefused(url, kind: .corruptedFile, mentioning: "row 7")
    }

    @Test("FNV-1a 64 matches the published test vectors")
    func checksumVectors() {
        #expect(Array("".utf8).withUnsafeBytes { IndexFileFormat.fnv1a64($0) } == 0xCBF2_9CE4_8422_2325)
        #expect(Array("a".utf8).withUnsafeBytes { IndexFileFormat.fnv1a64($0) } == 0xAF63_DC4C_8601_EC8C)
        #expect(Array("foobar".utf8).withUnsafeBytes { IndexFileFormat.fnv1a64($0) } == 0x8594_4171_F739_67E8)
    }

    @Test("a missing file is an I/O error naming it")
    func missing() {
        Self.expectRefused(Self.temporaryFile("absent.pbvi"), kind: .io, mentioning: "cannot read")
    }
}

import Foundation
import Testing
import TestSupport
@testable import Embedding

/// Writes small safetensors files (valid and damaged) and checks the reader accepts or rejects them.
@Suite struct SafetensorsTests {
    /// A temporary file holding `header` (as given, after its length) and `data`.
    private func write(header: String, data: [UInt8] = [], declaredLength: UInt64? = nil) throws -> URL {
        let headerBytes = Array(header.utf8)
        let length = declaredLength ?? UInt64(headerBytes.count)
        var bytes = (0 ..< 8).map { UInt8(truncatingIfNeeded: length >> (8 * $0)) }
        bytes += headerBytes + data
        let url = FileManager.default.temporaryDirectory
            .appendingPathComponent("safetensors-\(UUID().uuidString).safetensors")
        try Data(bytes).write(to: url)
        return url
    }

    private func floatBytes(_ values: [Float]) -> [UInt8] {
        values.flatMap { value in (0 ..< 4).map { UInt8(truncatingIfNeeded: value.bitPattern.littleEndian >> (8 * $0)) } }
    }

    private func expectError(_ code: ModelFileError.Code, _ body: () throws -> Void) {
        do {
            try body()
            Issue.record("expected \(code), nothing was thrown")
        } catch let error as ModelFileError {
            #expect(error.code == code, "\(error)")
            #expect(error.description.contains(".safetensors"), "error names the file: \(error)")
        } catch {
            Issue.record("expected ModelFileError \(code), got \(error)")
        }
    }

    private let goodHeader = #"{"__metadata__":{"format":"pt"},"a.weight":{"dtype":"F32","shape":[2,3],"data_offsets":[0,24]},"ids":{"dtype":"I64","shape":[2],"data_offsets":[24,40]}}"#

    @Test func readsTensorsByExactName() throws {
        let values: [Float] = [1, -2, 3.5, 0, 1e-7, -4]
        let url = try write(header: goodHeader, data: floatBytes(values) + [UInt8](repeating: 0, count: 16))
        defer { try? FileManager.default.removeItem(at: url) }
        let file = try SafetensorsFile(url: url)
        #expect(Set(file.tensors.keys) == ["a.weight", "ids"])
        #expect(file.tensors["a.weight"]?.shape == [2, 3])
        #expect(allClose(try file.floats("a.weight", shape: [2, 3]), values))
    }

    @Test func rejectsMissingTensorWrongShapeAndDType() throws {
        let url = try write(header: goodHeader, data: [UInt8](repeating: 0, count: 40))
        defer { try? FileManager.default.removeItem(at: url) }
        let file = try SafetensorsFile(url: url)
        expectError(.missingTensor) { _ = try file.floats("b.weight", shape: [2, 3]) }
        expectError(.wrongShape) { _ = try file.floats("a.weight", shape: [3, 2]) }
        expectError(.unsupportedDType) { _ = try file.floats("ids", shape: [2]) }
    }

    @Test func rejectsHeaderLengthBeyondFileOrCap() throws {
        let beyond = try write(header: goodHeader, data: [UInt8](repeating: 0, count: 40), declaredLength: 10_000)
        let huge = try write(header: goodHeader, declaredLength: UInt64.max)
        defer { for url in [beyond, huge] { try? FileManager.default.removeItem(at: url) } }
        expectError(.badHeader) { _ = try SafetensorsFile(url: beyond) }
        expectError(.badHeader) { _ = try SafetensorsFile(url: huge) }
    }

    @Test func rejectsTooShortFileAndBadJSON() throws {
        let short = FileManager.default.temporaryDirectory.appendingPathComponent("short-\(UUID().uuidString).safetensors")
        try Data([1, 2, 3]).write(to: short)
        let badJSON = try write(header: #"{"a.weight": {"dtype": "F32", "shape": [2,"#)
        let notTensor = try write(header: #"{"a.weight": {"dtype": "F32"}}"#)
        defer { for url in [short, badJSON, notTensor] { try? FileManager.default.removeItem(at: url) } }
        expectError(.badHeader) { _ = try SafetensorsFile(url: short) }
        expectError(.badHeader) { _ = try SafetensorsFile(url: badJSON) }
        expectError(.badHeader) { _ = try SafetensorsFile(url: notTensor) }
    }

    @Test func rejectsOffsetsOutsideDataOrDisagreeingWithShape() throws {
        let outside = try write(header: #"{"a":{"dtype":"F32","shape":[4],"data_offsets":[0,16]}}"#, data: [UInt8](repeating: 0, count: 8))
        let reversed = try write(header: #"{"a":{"dtype":"F32","shape":[0],"data_offsets":[8,4]}}"#, data: [UInt8](repeating: 0, count: 8))
        let mismatch = try write(header: #"{"a":{"dtype":"F32","shape":[3],"data_offsets":[0,8]}}"#, data: [UInt8](repeating: 0, count: 8))
        defer { for url in [outside, reversed, mismatch] { try? FileManager.default.removeItem(at: url) } }
        expectError(.badOffsets) { _ = try SafetensorsFile(url: outside) }
        expectError(.badOffsets) { _ = try SafetensorsFile(url: reversed) }
        expectError(.badOffsets) { _ = try SafetensorsFile(url: mismatch) }
    }

    @Test func missingFileIsAnError() {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("absent-\(UUID().uuidString).safetensors")
        expectError(.missingFile) { _ = try SafetensorsFile(url: url) }
    }
}

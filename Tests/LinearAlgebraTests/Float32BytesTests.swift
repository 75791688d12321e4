import Foundation
import Testing
@testable import LinearAlgebra

@Suite struct Float32BytesTests {
    @Test func encodesLittleEndianIEEE754() {
        // 1.0 is 0x3F800000; -2.5 is 0xC0200000.
        #expect([UInt8](Float32Bytes.encode([1.0, -2.5])) == [0x00, 0x00, 0x80, 0x3F, 0x00, 0x00, 0x20, 0xC0])
        #expect([UInt8](Float32Bytes.encode(UInt32(0x0102_0304))) == [0x04, 0x03, 0x02, 0x01])
    }

    @Test func decodesAtAnOffsetAndRoundTrips() {
        let values: [Float] = [0.25, -1e-7, 3.5e8, .infinity]
        var bytes = Data([9, 9, 9])
        bytes.append(Float32Bytes.encode(values))
        let decoded = Float32Bytes.decode(bytes, byteOffset: 3, count: values.count)
        #expect(decoded.map(\.bitPattern) == values.map(\.bitPattern))
        // A slice whose indices do not start at zero decodes the same.
        #expect(Float32Bytes.decode(bytes[3...], byteOffset: 0, count: 2).map(\.bitPattern) == values.prefix(2).map(\.bitPattern))
    }

    @Test func copiesIntoTheMiddleOfAnArray() {
        var target = [Float](repeating: 7, count: 5)
        Float32Bytes.copy(Float32Bytes.encode([1, 2]), into: &target, at: 2)
        #expect(target == [7, 7, 1, 2, 7])
    }

    @Test func readsWordsAndRefusesShortInput() {
        let bytes = Data([0xAA, 0x04, 0x03, 0x02, 0x01])
        #expect(Float32Bytes.word(bytes, at: 1) == 0x0102_0304)
        #expect(Float32Bytes.word(bytes, at: 2) == nil)
        #expect(Float32Bytes.word(bytes[1...], at: 0) == 0x0102_0304)
    }
}

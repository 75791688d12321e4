import LinearAlgebra
import Testing
import TestSupport

@Suite struct SeededGeneratorTests {
    @Test("SplitMix64's published sequence (seed 0), also from TestSupport's SplitMix64")
    func referenceSequence() {
        let expected: [UInt64] = [0xE220_A839_7B1D_CDAF, 0x6E78_9E6A_A1B9_65F4, 0x06C4_5D18_8009_454F]
        var generator = SeededGenerator(seed: 0)
        var testGenerator = SplitMix64(seed: 0)
        #expect((0 ..< 3).map { _ in generator.next() } == expected)
        #expect((0 ..< 3).map { _ in testGenerator.next() } == expected)
    }
}

import Foundation
import LinearAlgebra
import Testing
import TestSupport
@testable import Embedding

private let modelAbsent = "skipped: models/all-MiniLM-L6-v2 is absent (run `bash scripts/setup.sh`)"

/// Whether this CPU runs the int8 kernels (otherwise int8 falls back to fp32).
private let hasInt8Kernels = Int8Linear.isAvailable

/// Cosine similarity of two vectors.
private func cosine(_ a: [Float], _ b: [Float]) -> Float {
    BLAS.dot(a, b) / (BLAS.dot(a, a) * BLAS.dot(b, b)).squareRoot()
}

/// `x · Wᵀ + b` in fp32, for checking the int8 product.
private func reference(_ x: [Float], rows: Int, _ w: [Float], outputWidth: Int, width: Int, bias: [Float]) -> [Float] {
    (0 ..< rows).flatMap { r in
        (0 ..< outputWidth).map { j in
            (0 ..< width).reduce(bias[j]) { $0 + x[r * width + $1] * w[j * width + $1] }
        }
    }
}

@Suite struct MiniLMPrecisionTests {
    @Test(.enabled(if: SharedData.modelDirectory != nil, "\(modelAbsent)"))
    func int8KeepsCosineAboveTheBarOnEveryFixtureText() async throws {
        let directory = try #require(SharedData.modelDirectory)
        let (items, skippedShared) = try ReferenceFixture.load()
        let encoder = try MiniLMEncoder(modelDirectory: directory, batchSize: 16, precision: .int8)
        let embeddings = try await encoder.encode(items.map(\.text))
        var worst: Float = 1, total: Float = 0
        for (index, item) in items.enumerated() {
            let similarity = cosine(embeddings.row(index), item.embedding)
            worst = min(worst, similarity)
            total += similarity
            #expect(similarity >= 0.999, "\(item.label) \"\(item.text.prefix(40))\": cosine \(similarity)")
        }
        print("MiniLM \(encoder.precision): \(items.count) texts (\(skippedShared) shared skipped), worst cosine \(worst), mean \(total / Float(items.count))")
    }

    @Test(.enabled(if: SharedData.modelDirectory != nil, "\(modelAbsent)"))
    func identifierAndKernelsNameWhatRuns() throws {
        let directory = try #require(SharedData.modelDirectory)
        let int8 = try MiniLMEncoder(modelDirectory: directory, precision: .int8)
        if hasInt8Kernels {
            #expect(int8.precision == .int8 && int8.identifier == "minilm:all-MiniLM-L6-v2@int8")
            #expect(int8.kernels.hasPrefix("int8 avx2"), "\(int8.kernels)")
        } else {
            #expect(int8.precision == .fp32 && int8.identifier == "minilm:all-MiniLM-L6-v2")
            #expect(int8.kernels.contains("int8 asked for"), "\(int8.kernels)")
        }
        let bf16 = try MiniLMEncoder(modelDirectory: directory, precision: .bf16)
        #expect(bf16.precision == .fp32 && bf16.identifier == "minilm:all-MiniLM-L6-v2")
        #expect(bf16.kernels.contains("bf16 asked for"), "\(bf16.kernels)")
        let fp32 = try MiniLMEncoder(modelDirectory: directory)
        #expect(fp32.precision == .fp32 && fp32.kernels == "fp32 OpenBLAS sgemm")
    }

    @Test(.enabled(if: hasInt8Kernels, "skipped: this CPU has no int8 kernel"),
          arguments: [(rows: 37, width: 384, outputWidth: 1152), (rows: 5, width: 1536, outputWidth: 384),
                      (rows: 3, width: 40, outputWidth: 21), (rows: 1, width: 30, outputWidth: 7)])
    func int8ProductMatchesFP32(rows: Int, width: Int, outputWidth: Int) {
        var generator = SplitMix64(seed: UInt64(rows * 1000 + width))
        func uniform() -> Float { Float(generator.next() >> 40) / Float(1 << 24) * 2 - 1 }
        var x = (0 ..< rows * width).map { _ in uniform() }
        for r in 0 ..< rows { x[r * width + 7] = 25 }  // one outlier channel, as in BERT's hidden states
        let w = (0 ..< outputWidth * width).map { _ in uniform() * 0.05 }
        let bias = (0 ..< outputWidth).map { Float($0) * 0.01 }
        let layer = Int8Linear(weights: Matrix(rows: outputWidth, columns: width, storage: w))
        let y = layer.apply(Matrix(rows: rows, columns: width, storage: x), bias: bias).storage
        let expected = reference(x, rows: rows, w, outputWidth: outputWidth, width: width, bias: bias)
        for r in 0 ..< rows {
            let got = Array(y[r * outputWidth ..< (r + 1) * outputWidth])
            let want = Array(expected[r * outputWidth ..< (r + 1) * outputWidth])
            #expect(cosine(got, want) >= 0.9995, "row \(r): cosine \(cosine(got, want))")
            let scale = want.map(abs).max() ?? 1
            #expect(allClose(got, want, absolute: 0.02 * scale, relative: 0), "row \(r) differs by more than 2 % of its largest value")
        }
    }
}

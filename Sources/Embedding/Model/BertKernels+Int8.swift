import Foundation
import CEncoderKernels
import LinearAlgebra

/// One dense layer's weights for the int8 product of `CEncoderKernels`, packed once at load.
///
/// `y = x · Wᵀ + b` with W quantised to int8 per output channel, after a block Hadamard rotation
/// of the input channels that spreads BERT's few outlier channels over their block; each call
/// rotates and quantises `x` per row (token) and accumulates in int32 (see `CEncoderKernels.h`).
/// Like ``BertKernels``, it hands the C kernels pointers lent for one call and keeps none.
struct Int8Linear: Sendable {
    /// Input and output widths.
    let width, outputWidth: Int
    private let packed: [Int8]
    private let scales: [Float]

    /// Packs the `[outputWidth, width]` weights `weights`.
    /// - Precondition: ``isAvailable`` (the caller falls back to fp32 otherwise); `weights` is not empty.
    init(weights: Matrix) {
        precondition(Self.isAvailable, "int8 kernels are not available on this CPU")
        precondition(weights.rows > 0 && weights.columns > 0, "an empty weight matrix")
        let outputWidth = weights.rows, width = weights.columns
        var packed = [Int8](repeating: 0, count: cek_int8_packed_size(Int32(outputWidth), Int32(width)))
        var scales = [Float](repeating: 0, count: outputWidth)
        weights.storage.withUnsafeBufferPointer { weightBuffer in
            packed.withUnsafeMutableBufferPointer { packedBuffer in
                scales.withUnsafeMutableBufferPointer { scaleBuffer in
                    cek_int8_pack(weightBuffer.baseAddress!, Int32(outputWidth), Int32(width), packedBuffer.baseAddress!, scaleBuffer.baseAddress!)
                }
            }
        }
        self.packed = packed
        self.scales = scales
        self.width = width
        self.outputWidth = outputWidth
    }

    /// `input · Wᵀ + bias`, one row per row of `input`.
    /// - Precondition: `input` has ``width`` columns and `bias` ``outputWidth`` values.
    /// - Complexity: O(rows · width · outputWidth), in int8.
    func apply(_ input: Matrix, bias: [Float]) -> Matrix {
        precondition(input.columns == width && bias.count == outputWidth, "int8 layer \(outputWidth)×\(width) applied to \(input.columns) columns")
        let rows = input.rows, count = rows * outputWidth
        guard rows > 0 else { return Matrix(rows: 0, columns: outputWidth) }
        let output = [Float](unsafeUninitializedCapacity: count) { outputBuffer, initialized in
            input.storage.withUnsafeBufferPointer { inputBuffer in
                bias.withUnsafeBufferPointer { biasBuffer in
                    packed.withUnsafeBufferPointer { packedBuffer in
                        scales.withUnsafeBufferPointer { scaleBuffer in
                            cek_int8_linear(inputBuffer.baseAddress!, Int32(rows), Int32(width), packedBuffer.baseAddress!,
                                            scaleBuffer.baseAddress!, biasBuffer.baseAddress!, Int32(outputWidth), outputBuffer.baseAddress!)
                        }
                    }
                }
            }
            initialized = count
        }
        return Matrix(rows: rows, columns: outputWidth, storage: output)
    }

    /// The instruction set the int8 kernels use on this CPU (`CEK_ISA_NONE`: none, use fp32).
    static var isa: cek_isa { cek_int8_isa() }

    /// Whether this CPU runs the int8 kernels (``isa`` is not `CEK_ISA_NONE`).
    static var isAvailable: Bool { isa != CEK_ISA_NONE }

    /// A short name of ``isa``, e.g. `avx2`.
    static var isaName: String { String(cString: cek_isa_name(isa)) }
}

extension BertWeights {
    /// One transformer layer's four dense products, packed for ``Int8Linear``.
    struct Int8Layer: Sendable {
        let qkv, attentionOutput, intermediate, output: Int8Linear
    }

    /// Layers at the end of the stack that stay fp32 in the int8 path. Measured on the fixture and
    /// benchmark texts (Benchmarks/RESULTS.md): with every layer in int8 the worst cosine to fp32
    /// is 0.9990 (the empty text, whose two tokens average out no noise); keeping layer 0 fp32 does
    /// not help, each of layers 1-3 a little, and layers 4 and 5 together lift it to 0.9995.
    static let fp32TailLayers = 2

    /// Each layer's four dense products packed for the int8 kernels, nil for the last
    /// ``fp32TailLayers`` layers (biases stay in ``storage``).
    /// - Complexity: O(parameters of the dense layers).
    func int8Layers() -> [Int8Layer?] {
        layers.enumerated().map { index, layer in
            guard index < layers.count - Self.fp32TailLayers else { return nil }
            return Int8Layer(qkv: Int8Linear(weights: layer.qkv.weight),
                             attentionOutput: Int8Linear(weights: layer.attentionOutput.weight),
                             intermediate: Int8Linear(weights: layer.intermediate.weight),
                             output: Int8Linear(weights: layer.output.weight))
        }
    }
}

extension Int8Linear {
    /// The int8 product's throughput in operations (2 per multiply-add) per second: `threads`
    /// products of `side` rows by a `side × side` layer at once, best of `runs`; nil without int8 kernels.
    /// - Complexity: O(runs · threads · side³).
    static func peakOperationsPerSecond(side: Int, threads: Int, runs: Int) -> Double? {
        guard isAvailable else { return nil }
        var generator = SeededGenerator(seed: 1)
        let values = (0 ..< side * side).map { _ in Float.random(in: -1 ... 1, using: &generator) }
        let bias = [Float](repeating: 0, count: side)
        let matrix = Matrix(rows: side, columns: side, storage: values)
        let layer = Int8Linear(weights: matrix)
        var best = Double.infinity
        for _ in 0 ..< runs {
            let start = ContinuousClock.now
            DispatchQueue.concurrentPerform(iterations: threads) { _ in
                _ = layer.apply(matrix, bias: bias)
            }
            let elapsed = ContinuousClock.now - start
            best = min(best, elapsed / .seconds(1))
        }
        return 2 * pow(Double(side), 3) * Double(threads) / best
    }
}

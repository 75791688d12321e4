import Foundation
import Synchronization

/// Which kernels run a requested ``EncoderPrecision`` on this CPU, and what to say when they differ.
struct KernelPlan: CustomStringConvertible {
    /// The precision that runs.
    let precision: EncoderPrecision
    /// One line for stderr when the request cannot run as asked; nil when it runs as asked.
    let fallbackNote: String?
    /// What runs, for ``MiniLMEncoder/kernels``.
    let description: String

    static let fp32Kernels = "fp32 OpenBLAS sgemm"

    init(requested: EncoderPrecision) {
        switch requested {
        case .fp32:
            (precision, fallbackNote, description) = (.fp32, nil, Self.fp32Kernels)
        case .bf16:
            let reason = "no bf16 kernel is built (none could be measured without bf16 hardware)"
            (precision, fallbackNote, description) = (.fp32, "note: MiniLM bf16 runs as fp32: \(reason)",
                                                      "\(Self.fp32Kernels) (bf16 asked for: \(reason))")
        case .int8 where !Int8Linear.isAvailable:
            let reason = "this CPU lacks the AVX2 and FMA the int8 kernels need"
            (precision, fallbackNote, description) = (.fp32, "note: MiniLM int8 runs as fp32: \(reason)",
                                                      "\(Self.fp32Kernels) (int8 asked for: \(reason))")
        case .int8:
            (precision, fallbackNote, description) = (.int8, nil, "int8 \(Int8Linear.isaName): dense products of all but "
                + "the last \(BertWeights.fp32TailLayers) layers (Hadamard-rotated inputs, per-token activation and "
                + "per-channel weight scales, int32 accumulation); fp32 sgemm for the rest, fp32 LayerNorm, GELU, "
                + "attention, softmax and pooling")
        }
    }

    /// Writes `note` to stderr unless this process wrote it already.
    static func sayOnce(_ note: String) {
        let first = said.withLock { said in said.insert(note).inserted }
        if first { FileHandle.standardError.write(Data((note + "\n").utf8)) }
    }

    private static let said = Mutex<Set<String>>([])
}

import Foundation

/// The arithmetic of the MiniLM encoder's large products (Q/K/V, attention output, feed-forward).
///
/// LayerNorm, softmax, GELU, pooling and the attention products stay fp32 in every case. A
/// precision the running CPU has no kernel for falls back to fp32 (``MiniLMEncoder/precision``
/// says what runs, ``MiniLMEncoder/kernels`` how, and one line on stderr says so).
public enum EncoderPrecision: String, Sendable, Codable, CaseIterable, CustomStringConvertible {
    /// fp32 everywhere on OpenBLAS `sgemm`: the reference, and the default.
    case fp32
    /// bf16 weights and activations with fp32 accumulation. No bf16 kernel is built yet (no
    /// machine with bf16 hardware to measure one on), so this always runs as fp32.
    case bf16
    /// int8 weights (per output channel) and activations (per token) with int32 accumulation, on
    /// AVX2, in the dense products of the first four of six layers (the last two stay fp32, which
    /// keeps cosine ≥ 0.999 to fp32 on every fixture and benchmark text: Benchmarks/RESULTS.md).
    case int8

    /// The raw value: `fp32`, `bf16` or `int8`.
    public var description: String { rawValue }

    /// The `--precision` option's help, shared by every command that embeds with MiniLM.
    public static let optionHelp = "MiniLM's dense products: fp32 (the reference), int8 (AVX2 kernels, about 1.1-1.2x faster, "
        + "cosine >= 0.999 to fp32, the gate's decisions unchanged on the persona pairs: Benchmarks/RESULTS.md) or bf16 (runs as fp32: "
        + "no bf16 kernel is built). A CPU without AVX2 runs int8 as fp32 and says so. Recorded with the embeddings; "
        + "embeddings of another precision are never mixed in."

    /// The precision an encoder identifier carries: the `@int8` of `minilm:all-MiniLM-L6-v2@int8`
    /// (``MiniLMEncoder/identifier``), fp32 when it has none.
    public init(identifier: String) {
        let suffix = identifier.split(separator: "@").dropFirst().last.map(String.init) ?? ""
        self = EncoderPrecision(rawValue: suffix) ?? .fp32
    }
}

extension MiniLMEncoder {
    /// The int8 limit of this machine: GOP/s of the int8 dense product the encoder uses, one
    /// `side`-row product by a `side × side` layer on each of `threads` threads at once, best of
    /// `runs` (for benchmarks, beside the sgemm peak); nil when this CPU has no int8 kernel.
    /// - Complexity: O(runs · threads · side³).
    public static func int8ProductPeak(side: Int = 1536, threads: Int = ProcessInfo.processInfo.activeProcessorCount,
                                       runs: Int = 3) -> Double? {
        Int8Linear.peakOperationsPerSecond(side: side, threads: threads, runs: runs).map { $0 / 1e9 }
    }
}

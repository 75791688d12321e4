import Foundation
import LinearAlgebra

/// A BERT encoder with mean pooling and L2 normalisation (the sentence-transformers recipe),
/// loaded from a model folder holding `config.json` and `model.safetensors`.
///
/// Immutable after loading, so one instance serves concurrent callers; each call allocates its
/// own work buffers.
final class BertModel: Sendable {
    let configuration: BertConfiguration
    let weights: BertWeights
    /// Each layer's four dense products packed for the int8 kernels (nil for a layer that stays
    /// fp32), or nil to run every layer in fp32.
    let int8Layers: [BertWeights.Int8Layer?]?

    /// Loads and validates the configuration and weights in `directory`.
    /// - Parameter int8: pack the dense products for the int8 kernels (the caller checked
    ///   ``Int8Linear/isAvailable``); fp32 otherwise.
    /// - Throws: ``ModelFileError``.
    init(directory: URL, int8: Bool = false) throws(ModelFileError) {
        let configuration = try BertConfiguration.load(from: directory)
        let file = try SafetensorsFile(url: directory.appendingPathComponent("model.safetensors"))
        let weights = try BertWeights(file: file, configuration: configuration)
        self.int8Layers = int8 ? weights.int8Layers() : nil
        self.weights = weights
        self.configuration = configuration
    }
}

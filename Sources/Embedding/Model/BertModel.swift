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

    /// Loads and validates the configuration and weights in `directory`.
    /// - Throws: ``ModelFileError``.
    init(directory: URL) throws(ModelFileError) {
        let configuration = try BertConfiguration.load(from: directory)
        let file = try SafetensorsFile(url: directory.appendingPathComponent("model.safetensors"))
        self.weights = try BertWeights(file: file, configuration: configuration)
        self.configuration = configuration
    }
}

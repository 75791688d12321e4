import Foundation
import LinearAlgebra

/// All BERT parameters in one contiguous buffer, addressed by element offsets.
///
/// One buffer means the forward pass takes a single pointer to the weights. Linear weights keep
/// PyTorch's `[out, in]` layout (used as `Bᵀ` in `sgemm`); the query, key and value projections of
/// each layer are stacked into one `[3·hidden, hidden]` block so they run as one product.
struct BertWeights: Sendable {
    /// Offsets of one transformer layer's parameters.
    struct Layer: Sendable {
        let qkvWeight, qkvBias: Int
        let attentionOutputWeight, attentionOutputBias: Int
        let attentionNormScale, attentionNormShift: Int
        let intermediateWeight, intermediateBias: Int
        let outputWeight, outputBias: Int
        let outputNormScale, outputNormShift: Int
    }

    let storage: [Float]
    let wordEmbeddings, positionEmbeddings, tokenTypeEmbeddings: Int
    let embeddingNormScale, embeddingNormShift: Int
    let layers: [Layer]

    /// Copies every tensor the model needs out of `file`, checking names, dtypes and shapes.
    /// - Throws: ``ModelFileError`` for a missing tensor, a wrong dtype or shape, or non-finite values.
    /// - Complexity: O(parameters).
    init(file: SafetensorsFile, configuration c: BertConfiguration) throws(ModelFileError) {
        var storage = [Float]()
        let h = c.hiddenSize, i = c.intermediateSize
        let total = (c.vocabularySize + c.maxPositions + c.typeVocabularySize + 2) * h
            + c.layers * (4 * h * h + 2 * h * i + 9 * h + i)
        storage.reserveCapacity(total)

        func append(_ names: [String], shape: [Int]) throws(ModelFileError) -> Int {
            let offset = storage.count
            for name in names {
                let values = try file.floats(name, shape: shape)
                let energy = values.isEmpty ? 0 : BLAS.dot(values, values)
                guard energy.isFinite else {
                    throw ModelFileError(.nonFiniteValues, file: file.url, "tensor \"\(name)\" holds NaN, infinite or absurdly large values")
                }
                storage.append(contentsOf: values)
            }
            return offset
        }
        func append(_ name: String, shape: [Int]) throws(ModelFileError) -> Int { try append([name], shape: shape) }

        wordEmbeddings = try append("embeddings.word_embeddings.weight", shape: [c.vocabularySize, h])
        positionEmbeddings = try append("embeddings.position_embeddings.weight", shape: [c.maxPositions, h])
        tokenTypeEmbeddings = try append("embeddings.token_type_embeddings.weight", shape: [c.typeVocabularySize, h])
        embeddingNormScale = try append("embeddings.LayerNorm.weight", shape: [h])
        embeddingNormShift = try append("embeddings.LayerNorm.bias", shape: [h])
        var layers = [Layer]()
        for index in 0 ..< c.layers {
            let p = "encoder.layer.\(index)."
            let projections = ["query", "key", "value"].map { p + "attention.self.\($0)" }
            layers.append(Layer(
                qkvWeight: try append(projections.map { $0 + ".weight" }, shape: [h, h]),
                qkvBias: try append(projections.map { $0 + ".bias" }, shape: [h]),
                attentionOutputWeight: try append(p + "attention.output.dense.weight", shape: [h, h]),
                attentionOutputBias: try append(p + "attention.output.dense.bias", shape: [h]),
                attentionNormScale: try append(p + "attention.output.LayerNorm.weight", shape: [h]),
                attentionNormShift: try append(p + "attention.output.LayerNorm.bias", shape: [h]),
                intermediateWeight: try append(p + "intermediate.dense.weight", shape: [i, h]),
                intermediateBias: try append(p + "intermediate.dense.bias", shape: [i]),
                outputWeight: try append(p + "output.dense.weight", shape: [h, i]),
                outputBias: try append(p + "output.dense.bias", shape: [h]),
                outputNormScale: try append(p + "output.LayerNorm.weight", shape: [h]),
                outputNormShift: try append(p + "output.LayerNorm.bias", shape: [h])))
        }
        self.layers = layers
        self.storage = storage
    }
}

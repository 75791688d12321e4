import Foundation
import LinearAlgebra

/// All BERT parameters, one ``Matrix`` or vector per tensor of the state dict.
///
/// Linear weights keep PyTorch's `[out, in]` layout (used as `Bᵀ` in `sgemm`); the query, key and
/// value projections of each layer are stacked into one `[3·hidden, hidden]` matrix so they run as
/// one product.
struct BertWeights: Sendable {
    /// A dense layer, `y = x · weightᵀ + bias`.
    struct Linear: Sendable {
        /// `[outputWidth, inputWidth]`.
        let weight: Matrix
        /// `outputWidth` values.
        let bias: [Float]
    }

    /// A LayerNorm's elementwise affine parameters, `hidden` values each.
    struct LayerNorm: Sendable {
        let scale, shift: [Float]
    }

    /// One transformer layer's parameters.
    struct Layer: Sendable {
        /// Query, key and value, stacked: `[3·hidden, hidden]`.
        let qkv: Linear
        let attentionOutput: Linear
        let attentionNorm: LayerNorm
        let intermediate: Linear
        let output: Linear
        let outputNorm: LayerNorm
    }

    /// `[vocabularySize, hidden]`, `[maxPositions, hidden]` and `[typeVocabularySize, hidden]`.
    let wordEmbeddings, positionEmbeddings, tokenTypeEmbeddings: Matrix
    let embeddingNorm: LayerNorm
    let layers: [Layer]

    /// Copies every tensor the model needs out of `file`, checking names, dtypes and shapes.
    /// - Throws: ``ModelFileError`` for a missing tensor, a wrong dtype or shape, or non-finite values.
    /// - Complexity: O(parameters).
    init(file: SafetensorsFile, configuration c: BertConfiguration) throws(ModelFileError) {
        let h = c.hiddenSize, i = c.intermediateSize

        /// The named tensors of one `shape` each, stacked row-wise (vectors: concatenated).
        func values(_ names: [String], shape: [Int]) throws(ModelFileError) -> [Float] {
            var stacked = [Float]()
            stacked.reserveCapacity(names.count * shape.reduce(1, *))
            for name in names {
                let values = try file.floats(name, shape: shape)
                let energy = values.isEmpty ? 0 : BLAS.dot(values, values)
                guard energy.isFinite else {
                    throw ModelFileError(.nonFiniteValues, file: file.url, "tensor \"\(name)\" holds NaN, infinite or absurdly large values")
                }
                stacked.append(contentsOf: values)
            }
            return stacked
        }
        func matrix(_ names: [String], rows: Int, columns: Int) throws(ModelFileError) -> Matrix {
            Matrix(rows: names.count * rows, columns: columns, storage: try values(names, shape: [rows, columns]))
        }
        func linear(_ names: [String], outputWidth: Int, inputWidth: Int) throws(ModelFileError) -> Linear {
            Linear(weight: try matrix(names.map { $0 + ".weight" }, rows: outputWidth, columns: inputWidth),
                   bias: try values(names.map { $0 + ".bias" }, shape: [outputWidth]))
        }
        func layerNorm(_ name: String) throws(ModelFileError) -> LayerNorm {
            LayerNorm(scale: try values([name + ".weight"], shape: [h]), shift: try values([name + ".bias"], shape: [h]))
        }

        wordEmbeddings = try matrix(["embeddings.word_embeddings.weight"], rows: c.vocabularySize, columns: h)
        positionEmbeddings = try matrix(["embeddings.position_embeddings.weight"], rows: c.maxPositions, columns: h)
        tokenTypeEmbeddings = try matrix(["embeddings.token_type_embeddings.weight"], rows: c.typeVocabularySize, columns: h)
        embeddingNorm = try layerNorm("embeddings.LayerNorm")
        var layers = [Layer]()
        for index in 0 ..< c.layers {
            let p = "encoder.layer.\(index)."
            layers.append(Layer(
                qkv: try linear(["query", "key", "value"].map { p + "attention.self.\($0)" }, outputWidth: h, inputWidth: h),
                attentionOutput: try linear([p + "attention.output.dense"], outputWidth: h, inputWidth: h),
                attentionNorm: try layerNorm(p + "attention.output.LayerNorm"),
                intermediate: try linear([p + "intermediate.dense"], outputWidth: i, inputWidth: h),
                output: try linear([p + "output.dense"], outputWidth: h, inputWidth: i),
                outputNorm: try layerNorm(p + "output.LayerNorm")))
        }
        self.layers = layers
    }
}

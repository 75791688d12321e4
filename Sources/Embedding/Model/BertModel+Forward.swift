import LinearAlgebra

extension BertModel {
    /// Sentence embeddings of one batch of token-id sequences, one L2-normalised row each.
    ///
    /// The batch is packed: the tokens of all sequences sit in consecutive rows, with no padding,
    /// so every dense layer runs as one `sgemm` over exactly the real tokens. Attention runs per
    /// sequence over that sequence's own tokens only, which is what a padding mask of −∞ computes
    /// (masked keys get weight exactly 0), without the work on padding.
    ///
    /// - Precondition: every id is in `0 ..< vocabularySize` and no sequence is longer than
    ///   `maxPositions` (programmer errors: ids come from the tokenizer).
    /// - Complexity: O(tokens · layers · hidden · intermediate + Σ length² · layers · hidden);
    ///   memory O(tokens · (3 · hidden + intermediate)).
    func forward(_ sequences: [[Int32]]) -> Matrix {
        let c = configuration
        var offsets = [Int]()
        offsets.reserveCapacity(sequences.count + 1)
        offsets.append(0)
        for sequence in sequences {
            precondition(sequence.count <= c.maxPositions, "sequence of \(sequence.count) tokens exceeds \(c.maxPositions) positions")
            precondition(sequence.allSatisfy { $0 >= 0 && Int($0) < c.vocabularySize }, "token id outside the vocabulary")
            offsets.append(offsets[offsets.count - 1] + sequence.count)
        }
        guard offsets[offsets.count - 1] > 0 else { return Matrix(rows: sequences.count, columns: c.hiddenSize) }

        var pass = ForwardPass(configuration: c, offsets: offsets, hiddenStates: embedTokens(sequences))
        for (index, layer) in weights.layers.enumerated() { pass.run(layer, int8: int8Layers?[index] ?? nil) }
        var result = pass.meanPool()
        Vectors.normalizeRows(&result)
        return result
    }

    /// Word + position + token-type embeddings of every token of the packed batch, then LayerNorm.
    /// - Complexity: O(tokens · hidden).
    private func embedTokens(_ sequences: [[Int32]]) -> Matrix {
        var hiddenStates = weights.wordEmbeddings.selecting(rows: sequences.flatMap { $0.map(Int.init) })
        hiddenStates.add(weights.positionEmbeddings.selecting(rows: sequences.flatMap { Array($0.indices) }))
        hiddenStates.addToEachRow(weights.tokenTypeEmbeddings.row(0))
        BertKernels.addAndNormalize(&hiddenStates, adding: nil, weights.embeddingNorm, epsilon: configuration.layerNormEpsilon)
        return hiddenStates
    }
}

/// The layers of one forward pass over a packed batch; lives only inside ``BertModel/forward(_:)``.
///
/// Each step's output is a new ``Matrix`` that lives only as long as the next step needs it, so the
/// work memory of a layer is the hidden states plus the widest two intermediates.
private struct ForwardPass {
    let configuration: BertConfiguration
    /// Row of each sequence's first token, and the token count last.
    let offsets: [Int]
    /// `[tokens, hidden]`, updated by every layer.
    var hiddenStates: Matrix

    var sequenceCount: Int { offsets.count - 1 }

    /// The rows of sequence `s`.
    func tokens(of s: Int) -> Range<Int> { offsets[s] ..< offsets[s + 1] }

    /// One transformer layer: self-attention, output projection, residual + LayerNorm,
    /// feed-forward with GELU, residual + LayerNorm; the four dense products in int8 when `int8`
    /// holds them.
    mutating func run(_ layer: BertWeights.Layer, int8: BertWeights.Int8Layer?) {
        let epsilon = configuration.layerNormEpsilon
        let context = attention(linear(hiddenStates, layer.qkv, int8: int8?.qkv))
        BertKernels.addAndNormalize(&hiddenStates, adding: linear(context, layer.attentionOutput, int8: int8?.attentionOutput),
                                    layer.attentionNorm, epsilon: epsilon)
        var intermediate = linear(hiddenStates, layer.intermediate, int8: int8?.intermediate)
        BertKernels.gelu(&intermediate)
        BertKernels.addAndNormalize(&hiddenStates, adding: linear(intermediate, layer.output, int8: int8?.output),
                                    layer.outputNorm, epsilon: epsilon)
    }

    /// `input · weightᵀ + bias` with the weight stored `[outputWidth, inputWidth]`: by `int8` when
    /// given, else in fp32 with `sgemm` accumulating onto the broadcast bias.
    func linear(_ input: Matrix, _ layer: BertWeights.Linear, int8: Int8Linear?) -> Matrix {
        if let int8 { return int8.apply(input, bias: layer.bias) }
        var output = Matrix(rows: input.rows, repeatingRow: layer.bias)
        BLAS.multiply(input.block(), .none, layer.weight.block(), .transposed, beta: 1, into: &output)
        return output
    }

    /// Scaled dot-product attention per sequence and head, from the fused `[tokens, 3·hidden]`
    /// projections (query, key, value) to the context `[tokens, hidden]`.
    func attention(_ qkv: Matrix) -> Matrix {
        let h = configuration.hiddenSize, d = configuration.headSize
        let scale = 1 / Float(d).squareRoot()
        var context = Matrix(rows: qkv.rows, columns: h)
        for s in 0 ..< sequenceCount {
            let tokens = tokens(of: s)
            guard !tokens.isEmpty else { continue }
            var scores = Matrix(rows: tokens.count, columns: tokens.count)
            for head in 0 ..< configuration.attentionHeads {
                let columns = head * d ..< (head + 1) * d
                let query = qkv.block(rows: tokens, columns: columns)
                let key = qkv.block(rows: tokens, columns: h + columns.lowerBound ..< h + columns.upperBound)
                let value = qkv.block(rows: tokens, columns: 2 * h + columns.lowerBound ..< 2 * h + columns.upperBound)
                BLAS.multiply(query, .none, key, .transposed, alpha: scale, into: &scores)
                BertKernels.softmaxRows(&scores)
                BLAS.multiply(scores.block(), .none, value, .none, into: &context, row: tokens.lowerBound, column: columns.lowerBound)
            }
        }
        return context
    }

    /// Mean of each sequence's token rows, `[sequences, hidden]` (a zero row for an empty sequence).
    func meanPool() -> Matrix {
        var output = Matrix(rows: sequenceCount, columns: configuration.hiddenSize)
        for s in 0 ..< sequenceCount {
            let tokens = tokens(of: s)
            guard !tokens.isEmpty else { continue }
            for r in tokens { output.add(row: r, of: hiddenStates, toRow: s) }
            output.scale(row: s, by: 1 / Float(tokens.count))
        }
        return output
    }
}

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
        let hidden = c.hiddenSize
        var offsets = [Int]()
        offsets.reserveCapacity(sequences.count + 1)
        offsets.append(0)
        for sequence in sequences {
            precondition(sequence.count <= c.maxPositions, "sequence of \(sequence.count) tokens exceeds \(c.maxPositions) positions")
            precondition(sequence.allSatisfy { $0 >= 0 && Int($0) < c.vocabularySize }, "token id outside the vocabulary")
            offsets.append(offsets[offsets.count - 1] + sequence.count)
        }
        var result = Matrix(rows: sequences.count, columns: hidden)
        let tokens = offsets[offsets.count - 1]
        guard tokens > 0 else { return result }
        let longest = sequences.map(\.count).max() ?? 0
        let layout = ScratchLayout(tokens: tokens, configuration: c, scoreRows: longest)

        weights.storage.withUnsafeBufferPointer { weightBuffer in
            result.withUnsafeMutableBufferPointer { output in
                withScratch(count: layout.total) { scratch in
                    let pass = ForwardPass(
                        configuration: c, weights: weights, w: weightBuffer.baseAddress!, layout: layout,
                        scratch: scratch, offsets: offsets)
                    pass.embedTokens(sequences)
                    for (index, layer) in weights.layers.enumerated() { pass.run(layer, int8: int8Layers?[index] ?? nil) }
                    pass.meanPool(into: output.baseAddress!)
                }
            }
        }
        Vectors.normalizeRows(&result)
        return result
    }
}

/// Element offsets of the work buffers of one batch inside a single allocation.
private struct ScratchLayout {
    let hidden, context, temporary, wide, scores, total: Int

    init(tokens: Int, configuration c: BertConfiguration, scoreRows: Int) {
        let h = c.hiddenSize
        hidden = 0
        context = tokens * h
        temporary = 2 * tokens * h
        wide = 3 * tokens * h
        scores = wide + tokens * max(3 * h, c.intermediateSize)
        total = scores + scoreRows * scoreRows
    }
}

/// Allocates `count` uninitialised floats for the duration of `body`.
private func withScratch<R>(count: Int, _ body: (UnsafeMutablePointer<Float>) -> R) -> R {
    let pointer = UnsafeMutablePointer<Float>.allocate(capacity: max(count, 1))
    defer { pointer.deallocate() }
    return body(pointer)
}

/// The steps of one forward pass over a packed batch; lives only inside ``BertModel/forward(_:)``.
private struct ForwardPass {
    let configuration: BertConfiguration
    let weights: BertWeights
    let w: UnsafePointer<Float>
    let layout: ScratchLayout
    let scratch: UnsafeMutablePointer<Float>
    let offsets: [Int]

    var tokens: Int { offsets[offsets.count - 1] }
    var sequenceCount: Int { offsets.count - 1 }
    var hiddenStates: UnsafeMutablePointer<Float> { scratch + layout.hidden }

    /// Word + position + token-type embeddings, then LayerNorm.
    func embedTokens(_ sequences: [[Int32]]) {
        let h = configuration.hiddenSize, epsilon = configuration.layerNormEpsilon
        let typeRow = w + weights.tokenTypeEmbeddings
        for s in 0 ..< sequenceCount {
            for (position, id) in sequences[s].enumerated() {
                let row = hiddenStates + (offsets[s] + position) * h
                let word = w + weights.wordEmbeddings + Int(id) * h
                let place = w + weights.positionEmbeddings + position * h
                for j in 0 ..< h { row[j] = word[j] + place[j] + typeRow[j] }
                BertKernels.addAndNormalize(row, adding: nil, count: h, scale: w + weights.embeddingNormScale,
                                            shift: w + weights.embeddingNormShift, epsilon: epsilon)
            }
        }
    }

    /// One transformer layer: self-attention, output projection, residual + LayerNorm,
    /// feed-forward with GELU, residual + LayerNorm; the four dense products in int8 when `int8`
    /// holds them.
    func run(_ layer: BertWeights.Layer, int8: BertWeights.Int8Layer?) {
        let h = configuration.hiddenSize, i = configuration.intermediateSize, t = tokens
        let epsilon = configuration.layerNormEpsilon
        let qkv = scratch + layout.wide, context = scratch + layout.context, temporary = scratch + layout.temporary

        linear(input: hiddenStates, rows: t, inputWidth: h, weight: layer.qkvWeight, bias: layer.qkvBias,
               outputWidth: 3 * h, output: qkv, int8: int8?.qkv)
        attention(qkv: qkv, context: context)
        linear(input: context, rows: t, inputWidth: h, weight: layer.attentionOutputWeight,
               bias: layer.attentionOutputBias, outputWidth: h, output: temporary, int8: int8?.attentionOutput)
        for r in 0 ..< t {
            BertKernels.addAndNormalize(hiddenStates + r * h, adding: temporary + r * h, count: h,
                                        scale: w + layer.attentionNormScale, shift: w + layer.attentionNormShift,
                                        epsilon: epsilon)
        }

        let intermediate = scratch + layout.wide
        linear(input: hiddenStates, rows: t, inputWidth: h, weight: layer.intermediateWeight,
               bias: layer.intermediateBias, outputWidth: i, output: intermediate, int8: int8?.intermediate)
        BertKernels.gelu(intermediate, count: t * i)
        linear(input: intermediate, rows: t, inputWidth: i, weight: layer.outputWeight, bias: layer.outputBias,
               outputWidth: h, output: temporary, int8: int8?.output)
        for r in 0 ..< t {
            BertKernels.addAndNormalize(hiddenStates + r * h, adding: temporary + r * h, count: h,
                                        scale: w + layer.outputNormScale, shift: w + layer.outputNormShift,
                                        epsilon: epsilon)
        }
    }

    /// `output = input · weightᵀ + bias` with the weight stored `[outputWidth, inputWidth]`: by
    /// `int8` when given, else in fp32 with `sgemm`.
    func linear(input: UnsafePointer<Float>, rows: Int, inputWidth: Int, weight: Int, bias: Int,
                outputWidth: Int, output: UnsafeMutablePointer<Float>, int8: Int8Linear?) {
        if let int8 {
            int8.apply(input, rows: rows, bias: w + bias, into: output)
            return
        }
        BertKernels.broadcast(w + bias, into: output, rows: rows, count: outputWidth)
        BLAS.sgemm(.none, .transposed, m: rows, n: outputWidth, k: inputWidth,
                   a: input, lda: inputWidth, b: w + weight, ldb: inputWidth, beta: 1, c: output, ldc: outputWidth)
    }

    /// Scaled dot-product attention per sequence and head, from the fused `[tokens, 3·hidden]`
    /// projections into `context` `[tokens, hidden]`.
    func attention(qkv: UnsafeMutablePointer<Float>, context: UnsafeMutablePointer<Float>) {
        let h = configuration.hiddenSize, d = configuration.headSize, heads = configuration.attentionHeads
        let rowStride = 3 * h
        let scale = 1 / Float(d).squareRoot()
        let scores = scratch + layout.scores
        for s in 0 ..< sequenceCount {
            let start = offsets[s], n = offsets[s + 1] - offsets[s]
            guard n > 0 else { continue }
            for head in 0 ..< heads {
                let query = qkv + start * rowStride + head * d
                BLAS.sgemm(.none, .transposed, m: n, n: n, k: d, alpha: scale,
                           a: query, lda: rowStride, b: query + h, ldb: rowStride, c: scores, ldc: n)
                BertKernels.softmaxRows(scores, rows: n, columns: n)
                BLAS.sgemm(.none, .none, m: n, n: d, k: n,
                           a: scores, lda: n, b: query + 2 * h, ldb: rowStride,
                           c: context + start * h + head * d, ldc: h)
            }
        }
    }

    /// Mean of each sequence's token rows into `output` `[sequences, hidden]`.
    func meanPool(into output: UnsafeMutablePointer<Float>) {
        let h = configuration.hiddenSize
        for s in 0 ..< sequenceCount {
            let start = offsets[s], n = offsets[s + 1] - offsets[s]
            let row = output + s * h
            guard n > 0 else { continue }
            for r in start ..< start + n {
                let source = hiddenStates + r * h
                for j in 0 ..< h { row[j] += source[j] }
            }
            let inverse = 1 / Float(n)
            for j in 0 ..< h { row[j] *= inverse }
        }
    }
}

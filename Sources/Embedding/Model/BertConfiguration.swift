import Foundation

/// The BERT hyper-parameters PersonaBank's forward pass needs, from a sentence-transformers
/// model folder (`config.json`, plus `max_seq_length` from `sentence_bert_config.json`).
public struct BertConfiguration: Sendable, Equatable {
    /// Width of every token vector (384 for MiniLM-L6).
    public var hiddenSize: Int
    /// Attention heads per layer (12).
    public var attentionHeads: Int
    /// Transformer layers (6).
    public var layers: Int
    /// Width of the feed-forward layer (1536).
    public var intermediateSize: Int
    /// LayerNorm epsilon (1e-12).
    public var layerNormEpsilon: Float
    /// Rows of the position-embedding table (512).
    public var maxPositions: Int
    /// Rows of the word-embedding table (30522).
    public var vocabularySize: Int
    /// Rows of the token-type table (2).
    public var typeVocabularySize: Int
    /// Longest input sentence-transformers feeds the model (256); longer inputs are truncated.
    public var maxSequenceLength: Int

    /// Width of one attention head.
    public var headSize: Int { hiddenSize / attentionHeads }

    /// Floating-point operations of the encoder layers for one sequence of `length` tokens,
    /// counting a multiply-add as two: per layer the Q/K/V, output and two feed-forward products,
    /// `2·n·h·(4h + 2i)`, plus attention's scores and weighted values, `4·n²·h`. The element-wise
    /// steps (LayerNorm, GELU, softmax, pooling) are O(n·(h + i)) and not counted: this is the work
    /// an fp32 matrix-multiply peak bounds.
    public func forwardFLOPs(sequenceLength length: Int) -> Double {
        let n = Double(length), h = Double(hiddenSize), i = Double(intermediateSize)
        return Double(layers) * (2 * n * h * (4 * h + 2 * i) + 4 * n * n * h)
    }

    /// Reads and validates the configuration files of the model folder `directory`.
    /// - Throws: ``ModelFileError`` `.missingFile`, `.unreadable` or `.badConfiguration`
    ///   (naming the field and value) for a model this forward pass cannot run.
    public static func load(from directory: URL) throws(ModelFileError) -> BertConfiguration {
        let configURL = directory.appendingPathComponent("config.json")
        let raw: RawConfig = try decode(RawConfig.self, from: configURL)
        func invalid(_ field: String, _ value: Any) -> ModelFileError {
            ModelFileError(.badConfiguration, file: configURL, "field \"\(field)\" has unsupported value \(value)")
        }
        for (field, value) in [("hidden_size", raw.hidden_size), ("num_attention_heads", raw.num_attention_heads),
                               ("num_hidden_layers", raw.num_hidden_layers), ("intermediate_size", raw.intermediate_size),
                               ("max_position_embeddings", raw.max_position_embeddings), ("vocab_size", raw.vocab_size),
                               ("type_vocab_size", raw.type_vocab_size ?? 2)] where value <= 0 || value > 1 << 20 {
            throw invalid(field, value)
        }
        guard raw.hidden_size % raw.num_attention_heads == 0 else { throw invalid("num_attention_heads", raw.num_attention_heads) }
        guard raw.hidden_act ?? "gelu" == "gelu" else { throw invalid("hidden_act", raw.hidden_act ?? "") }
        guard raw.position_embedding_type ?? "absolute" == "absolute" else {
            throw invalid("position_embedding_type", raw.position_embedding_type ?? "")
        }
        let epsilon = raw.layer_norm_eps ?? 1e-12
        guard epsilon > 0, epsilon.isFinite else { throw invalid("layer_norm_eps", epsilon) }

        var maxSequenceLength = raw.max_position_embeddings
        let sentenceURL = directory.appendingPathComponent("sentence_bert_config.json")
        if FileManager.default.fileExists(atPath: sentenceURL.path) {
            let sentence: SentenceConfig = try decode(SentenceConfig.self, from: sentenceURL)
            guard (1 ... raw.max_position_embeddings).contains(sentence.max_seq_length) else {
                throw ModelFileError(.badConfiguration, file: sentenceURL,
                                     "field \"max_seq_length\" is \(sentence.max_seq_length), outside 1...\(raw.max_position_embeddings)")
            }
            maxSequenceLength = sentence.max_seq_length
        }
        return BertConfiguration(
            hiddenSize: raw.hidden_size, attentionHeads: raw.num_attention_heads, layers: raw.num_hidden_layers,
            intermediateSize: raw.intermediate_size, layerNormEpsilon: Float(epsilon),
            maxPositions: raw.max_position_embeddings, vocabularySize: raw.vocab_size,
            typeVocabularySize: raw.type_vocab_size ?? 2, maxSequenceLength: maxSequenceLength)
    }

    private struct RawConfig: Decodable {
        let hidden_size: Int
        let num_attention_heads: Int
        let num_hidden_layers: Int
        let intermediate_size: Int
        let max_position_embeddings: Int
        let vocab_size: Int
        let type_vocab_size: Int?
        let layer_norm_eps: Double?
        let hidden_act: String?
        let position_embedding_type: String?
    }

    private struct SentenceConfig: Decodable {
        let max_seq_length: Int
    }

    private static func decode<T: Decodable>(_ type: T.Type, from url: URL) throws(ModelFileError) -> T {
        guard FileManager.default.fileExists(atPath: url.path) else {
            throw ModelFileError(.missingFile, file: url, "no such file")
        }
        let data: Data
        do { data = try Data(contentsOf: url) } catch {
            throw ModelFileError(.unreadable, file: url, error.localizedDescription)
        }
        do { return try JSONDecoder().decode(type, from: data) } catch {
            throw ModelFileError(.badConfiguration, file: url, "\(error)")
        }
    }
}

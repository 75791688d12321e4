import Embedding
import Foundation

/// `spb-bench tokenizer`: BertTokenizer throughput on 2,000 persona-like texts of ~60 words.
///
/// Vocabulary from `$PERSONABANK_MODEL_DIR/vocab.txt`, else `models/all-MiniLM-L6-v2/vocab.txt`
/// under the current directory. One warm-up pass, then five timed passes; prints the best and
/// the median. Python counterpart: `Benchmarks/python/tokenizer.py` (HF fast tokenizer).
func runTokenizerBenchmark() throws {
    let directory = ProcessInfo.processInfo.environment["PERSONABANK_MODEL_DIR"] ?? "models/all-MiniLM-L6-v2"
    let tokenizer = try BertTokenizer(vocabularyURL: URL(fileURLWithPath: directory).appendingPathComponent("vocab.txt"))
    let texts = benchmarkTexts(count: 2_000, wordsPerText: 60)
    var tokenCount = 0
    for text in texts { tokenCount += tokenizer.encode(text).count }
    var seconds: [Double] = []
    for _ in 0 ..< 5 {
        let start = ContinuousClock.now
        var checksum = 0
        for text in texts { checksum &+= tokenizer.encode(text).count }
        let elapsed = ContinuousClock.now - start
        precondition(checksum == tokenCount, "tokenization is deterministic")
        seconds.append(elapsed / .seconds(1))
    }
    seconds.sort()
    let best = seconds[0]
    let median = seconds[seconds.count / 2]
    print("tokenizer: \(texts.count) texts, \(tokenCount) tokens (mean \(tokenCount / texts.count) per text)")
    print(String(format: "tokenizer: best %.1f ms (%.0f texts/s, %.2f M tokens/s), median %.1f ms",
                 best * 1e3, Double(texts.count) / best, Double(tokenCount) / best / 1e6, median * 1e3))
}

/// Deterministic persona-like texts: words, punctuation, some accents and digits.
func benchmarkTexts(count: Int, wordsPerText: Int) -> [String] {
    let words = """
    a retired ferry captain who teaches knot-tying at the community centre and argues about tide tables \
    online; she collects obsolete maps, bakes sourdough badly, and believes every town deserves a second \
    name. Café naïve résumé jalapeño Zürich, 1970s sitcoms, 24-hour diners, union electrician, robotics \
    team, night-shift paramedic restoring vintage radios (between calls!) and logging every song? \
    uncharacteristically meticulous, sarcastic yet generous, anxious but loyal; answers in bullet points.
    """.split(separator: " ")
    var state: UInt64 = 0x9E37_79B9_7F4A_7C15
    var texts: [String] = []
    texts.reserveCapacity(count)
    for _ in 0 ..< count {
        var text = ""
        for index in 0 ..< wordsPerText {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            if index > 0 { text += " " }
            text += words[Int(state >> 33) % words.count]
        }
        texts.append(text)
    }
    return texts
}

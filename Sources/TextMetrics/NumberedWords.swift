/// Texts as word numbers over one vocabulary: what distinct-n needs from a million texts, in a fraction of
/// the memory of their words as strings (four bytes a word).
///
/// ``distinct(_:in:)`` is the one distinct-n count: ``Lexical/distinct(_:tokenized:)`` numbers its words here too.
public struct NumberedWords: Sendable {
    /// Each number's word.
    public private(set) var vocabulary: [String] = []
    private var numbers: [String: UInt32] = [:]
    /// Every text's numbers, one after another; text `i` is `ids[offsets[i] ..< offsets[i + 1]]`.
    private var ids: [UInt32] = []
    private var offsets: [Int] = [0]

    /// No texts yet.
    public init() {}

    /// The texts already split into words.
    public init(_ tokenized: [[String]]) {
        for words in tokenized { append(words) }
    }

    /// Texts held.
    public var count: Int { offsets.count - 1 }

    /// Adds one text's words.
    /// - Complexity: O(words), amortised.
    public mutating func append(_ words: [String]) {
        for word in words {
            if let number = numbers[word] {
                ids.append(number)
            } else {
                let number = UInt32(vocabulary.count)
                numbers[word] = number
                vocabulary.append(word)
                ids.append(number)
            }
        }
        offsets.append(ids.count)
    }

    /// The words of text `index`.
    public func words(of index: Int) -> [String] {
        ids[offsets[index] ..< offsets[index + 1]].map { vocabulary[Int($0)] }
    }

    /// Distinct-n of the texts `range` (all when nil): distinct n-grams over all n-grams, texts shorter than n left out.
    /// - Complexity: O(words in the range).
    public func distinct(_ n: Int, in range: Range<Int>? = nil) -> Double {
        precondition(n >= 1, "distinct-n needs n >= 1")
        let texts = range ?? 0 ..< count
        var total = 0
        // Numbers packed 21 bits each into one key: exact for n ≤ 3 below 2²¹ words, else n-grams as arrays.
        if n <= 3, vocabulary.count <= 0x1F_FFFF {
            var unique = Set<UInt64>()
            forEachGram(n, in: texts) { gram in
                var key: UInt64 = 0
                for number in gram { key = key << 21 | UInt64(number) }
                unique.insert(key)
                total += 1
            }
            return total == 0 ? 0 : Double(unique.count) / Double(total)
        }
        var unique = Set<ArraySlice<UInt32>>()
        forEachGram(n, in: texts) { gram in
            unique.insert(gram)
            total += 1
        }
        return total == 0 ? 0 : Double(unique.count) / Double(total)
    }

    private func forEachGram(_ n: Int, in texts: Range<Int>, _ body: (ArraySlice<UInt32>) -> Void) {
        for text in texts {
            let start = offsets[text], end = offsets[text + 1]
            guard end - start >= n else { continue }
            for first in start ... end - n { body(ids[first ..< first + n]) }
        }
    }
}

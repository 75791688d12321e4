import Foundation

/// Label terms for clusters by class-based TF-IDF (Grootendorst 2022, BERTopic):
/// `w(t, c) = tf(t, c) · log(1 + A / tf(t))`, with `A` the mean number of words per class.
public enum ClassTFIDF {
    /// Common English function words, left out of labels and phrase mining.
    public static let stopWords: Set<String> = Set("""
    a about after again all also am an and any are as at be because been before being but by can could did do does \
    doing down during each few for from further had has have having he her here hers herself him himself his how i if \
    in into is it its itself just me more most my myself no nor not now of off on once only or other our ours out over \
    own same she should so some such than that the their theirs them themselves then there these they this those through \
    to too under until up very was we were what when where which while who whom why will with would you your yours \
    s t don who's she's he's they're it's often uses use using while
    """.split(whereSeparator: \.isWhitespace).map(String.init))

    /// The `count` highest-scoring terms of each class.
    /// - Parameters:
    ///   - documents: the texts.
    ///   - labels: class of each document, `0..<classes`.
    ///   - classes: number of classes.
    ///   - count: terms per class.
    /// - Complexity: O(total words + vocabulary · classes).
    public static func topTerms(documents: [String], labels: [Int], classes: Int, count: Int = 6) -> [[String]] {
        var perClass = [[String: Int]](repeating: [:], count: classes)
        var overall = [String: Int]()
        var wordsPerClass = [Int](repeating: 0, count: classes)
        for (document, label) in zip(documents, labels) {
            for word in Lexical.words(document) where word.count > 2 && !stopWords.contains(word) && !word.allSatisfy(\.isNumber) {
                perClass[label][word, default: 0] += 1
                overall[word, default: 0] += 1
                wordsPerClass[label] += 1
            }
        }
        let average = Double(wordsPerClass.reduce(0, +)) / Double(max(classes, 1))
        return perClass.map { counts in
            counts.map { term, tf -> (String, Double) in
                (term, Double(tf) * log(1 + average / Double(overall[term] ?? 1)))
            }
            .sorted { $0.1 != $1.1 ? $0.1 > $1.1 : $0.0 < $1.0 }
            .prefix(count).map(\.0)
        }
    }
}

import Foundation
import PersonaKit
import TextMetrics

/// Label terms for clusters by class-based TF-IDF (Grootendorst 2022, BERTopic):
/// `w(t, c) = tf(t, c) · log(1 + A / tf(t))`, with `A` the mean number of words per class.
///
/// Stop words, numbers, words of two letters or fewer and the name token (``PersonaKit/NameMask/token``,
/// what each persona's own name became in name-blind texts) are never labels: a trope is not a name.
public enum ClassTFIDF {
    /// The `count` highest-scoring terms of each class.
    /// - Parameters:
    ///   - documents: the texts.
    ///   - labels: class of each document, `0..<classes`.
    ///   - classes: number of classes.
    ///   - count: terms per class.
    /// - Complexity: O(total words + vocabulary · classes).
    public static func topTerms(documents: [String], labels: [Int], classes: Int, count: Int = 6) -> [[String]] {
        let nameToken = NameMask.token.lowercased()
        var perClass = [[String: Int]](repeating: [:], count: classes)
        var overall = [String: Int]()
        var wordsPerClass = [Int](repeating: 0, count: classes)
        for (document, label) in zip(documents, labels) {
            for word in Lexical.words(document) where word.count > 2 && !Lexical.stopWords.contains(word) && !word.allSatisfy(\.isNumber) && word != nameToken {
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

/// What a single trait must look like: one adjective.
///
/// Without a part-of-speech tagger the check reads the word's form: letters with inner hyphens or an
/// apostrophe ("easy-going", "no-nonsense"), and not a noun or adverb by a telling ending. The endings
/// are those English uses to make nouns (-ness, -ment, -tion, -sion, -ity, -ism, -asm, -ship, -hood, -ance,
/// -ence) and adverbs (-ily, -ally, -ously, -fully, -lessly, -ively, -ingly, -edly, -ably, -ibly,
/// -ently, -antly), with the adjectives that happen to share them listed as exceptions.
enum TraitShape {
    /// Why a trait fails, or nil when it reads as one adjective.
    static func problem(_ trait: String) -> (ContentRule, String)? {
        let word = trait.trimmingCharacters(in: .whitespacesAndNewlines)
        if let reason = formProblem(word) { return (.traitForm, reason) }
        if let ending = nonAdjectiveEnding(word.lowercased()) { return (.traitNotAdjective, ending) }
        return nil
    }

    /// Why `word` is not one word, or nil.
    static func formProblem(_ word: String) -> String? {
        if word.contains(where: \.isWhitespace) { return "more than one word" }
        if word.contains(where: \.isNumber) { return "holds a digit" }
        guard let first = word.first, let last = word.last, first.isLetter, last.isLetter else {
            return "does not start and end with a letter"
        }
        for character in word where !character.isLetter && !Self.innerMarks.contains(character) {
            return "holds \"\(character)\""
        }
        return nil
    }

    /// Hyphens and apostrophes, allowed between letters.
    static let innerMarks: Set<Character> = ["-", "'", "’"]

    /// The noun or adverb ending of `word` (lower case), or nil.
    static func nonAdjectiveEnding(_ word: String) -> String? {
        guard word.count >= 6, !adjectiveExceptions.contains(word) else { return nil }
        let last = word.split(separator: "-").last.map(String.init) ?? word
        guard last.count >= 6 else { return nil }
        if let ending = adverbEndings.first(where: { last.hasSuffix($0) }) { return "reads as an adverb (-\(ending))" }
        if let ending = nounEndings.first(where: { last.hasSuffix($0) }) { return "reads as a noun (-\(ending))" }
        return nil
    }

    static let nounEndings = ["ness", "ment", "tion", "sion", "ity", "ism", "asm", "ship", "hood", "ance", "ence"]
    static let adverbEndings = ["ily", "ally", "ously", "fully", "lessly", "ively", "ingly", "edly", "ably", "ibly", "ently", "antly"]

    /// Adjectives with a noun or adverb ending.
    static let adjectiveExceptions: Set<String> = Set("""
    friendly lovely lonely elderly orderly costly likely timely kindly cowardly scholarly worldly motherly fatherly \
    brotherly sisterly sprightly stately homely lively ghastly deathly courtly unruly bubbly curly jolly silly \
    surly burly early holy ugly wily oily hilly chilly frilly woolly neighborly neighbourly heavenly saintly \
    gentlemanly ladylike beastly comely leisurely princely queenly masterly miserly unfriendly unlikely ungainly \
    unseemly seemly sickly smelly prickly crumbly wobbly grumbly rascally
    """.split(whereSeparator: \.isWhitespace).map(String.init))
}

import RunFormat

extension ComponentScores {
    /// Combines the features with the probability a model gave them.
    public init(features: FieldFeatures, probability: Double) {
        self.init(cosWhole: features.cosWhole, cosBackground: features.cosBackground, cosTraits: features.cosTraits, cosStyle: features.cosStyle,
                  traitJaccard: features.traitJaccard, wordJaccard: features.wordJaccard, probability: probability)
    }

    /// The six features without the probability.
    public var features: FieldFeatures {
        FieldFeatures(cosWhole: cosWhole, cosBackground: cosBackground, cosTraits: cosTraits, cosStyle: cosStyle,
                      traitJaccard: traitJaccard, wordJaccard: wordJaccard)
    }
}

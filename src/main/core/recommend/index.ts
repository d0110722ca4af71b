/** "More like these": local TF-IDF similarity between papers. */
export { Recommender, type MoreLikeOptions, type RecommendDoc, type Recommendation } from './recommender'
export { recommendDocFromPaper } from './recommendDoc'

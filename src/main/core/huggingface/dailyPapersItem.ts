/**
 * One item of `GET /api/daily_papers`, as Hugging Face sends it (checked against huggingface_hub's
 * `PaperInfo` and recorded answers): the paper under `paper`, the day's own fields beside it.
 * Unknown keys are allowed (the Hub adds fields over time); every field Lectern reads is bounded,
 * and fields that older days or fresh papers lack (`ai_summary`, `mediaUrls`, `githubRepo`, …) are
 * optional or null. Links are plain strings here: whether one is http(s) is decided where it is used.
 */
import { z } from 'zod'

const text = (max: number) => z.string().max(max)
const link = text(4096)
const count = z.number().int().min(0).max(1e9)

const author = z.object({ name: text(1000), hidden: z.boolean().nullish() })
const organization = z.object({ name: text(500).nullish(), fullname: text(500).nullish() })

const paper = z.object({
  id: text(100).min(1),
  title: text(5000).nullish(),
  /** The abstract. */
  summary: text(200_000).nullish(),
  authors: z.array(author).max(10_000).nullish(),
  upvotes: count.nullish(),
  publishedAt: text(100).nullish(),
  /** When the paper was put on the daily list: its day is the digest day. */
  submittedOnDailyAt: text(100).nullish(),
  mediaUrls: z.array(link).max(100).nullish(),
  ai_summary: text(20_000).nullish(),
  ai_keywords: z.array(text(500)).max(1000).nullish(),
  githubRepo: link.nullish(),
  githubStars: count.nullish(),
  projectPage: link.nullish(),
  organization: organization.nullish(),
})

export const dailyPapersItem = z.object({
  paper,
  title: text(5000).nullish(),
  thumbnail: link.nullish(),
  numComments: count.nullish(),
  mediaUrls: z.array(link).max(100).nullish(),
  publishedAt: text(100).nullish(),
})

export type DailyPapersItem = z.infer<typeof dailyPapersItem>

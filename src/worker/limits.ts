/**
 * The engine worker's resource limits, shared by the transport and the benchmark (which measures under the same
 * limits). A 4 MB stack lets Python recursion reach its limit of 1000 frames; a 128 MB young generation keeps a
 * recording tape out of repeated scavenges (measured in bench/RESULTS.md: W2 ≈ 10 → 6 ms, the seed ≈ 8 → 4 ms).
 */
export const WORKER_RESOURCE_LIMITS = {
  maxOldGenerationSizeMb: 2048,
  stackSizeMb: 4,
  maxYoungGenerationSizeMb: 128,
} as const;

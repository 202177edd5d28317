package dev.nexo.memory.internal;

/**
 * One nearest-neighbour hit.
 *
 * @param seq the memory's row number
 * @param similarity cosine similarity, higher is closer
 */
record VectorHit(long seq, float similarity) {
}

/**
 * Merge requests, reviews, review policy, CODEOWNERS and review SLAs with their escalation
 * (spec sections 6, 7 and 3.3). Policies and SLAs are plain functions over records; the
 * {@link dev.junction.review.Requests} service keeps requests and reviews in the store.
 */
package dev.junction.review;

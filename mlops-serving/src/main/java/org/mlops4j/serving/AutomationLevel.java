package org.mlops4j.serving;

/**
 * How much of an endpoint's decisions a model makes on its own: the ladder from human only to full
 * automation. A {@link HumanReviewStrategy} holds one level and can be moved along the ladder at run
 * time ({@link HumanReviewStrategy#automate}), each move audited as a {@link DeploymentChange}.
 *
 * <p>The model runs at every level (the endpoint calls it before the strategy decides); the levels
 * differ in what the caller gets, which predictions go to a person, and whether the review item
 * carries the model's answer:
 *
 * <table>
 *   <caption>What each level does</caption>
 *   <tr><th>Level</th><th>Reviewed</th><th>The caller gets</th><th>Model's answer in the item</th></tr>
 *   <tr><td>{@link #HUMAN_ONLY}</td><td>every prediction</td><td>the interim answer</td><td>no</td></tr>
 *   <tr><td>{@link #SHADOW}</td><td>every prediction</td><td>the interim answer</td><td>yes</td></tr>
 *   <tr><td>{@link #AI_ASSISTANCE}</td><td>every prediction</td><td>the model's answer</td><td>yes</td></tr>
 *   <tr><td>{@link #PARTIAL}</td><td>confidence below the threshold</td><td>the interim answer when
 *       reviewed, else the model's</td><td>yes</td></tr>
 *   <tr><td>{@link #FULL}</td><td>none</td><td>the model's answer</td><td>-</td></tr>
 * </table>
 */
public enum AutomationLevel {

    /**
     * People decide every case without seeing the model: each prediction is queued without the
     * model's answer (so a reviewer is not anchored by it, and agreement with the model is not
     * measured) and the caller gets the interim answer.
     */
    HUMAN_ONLY,

    /**
     * People decide every case; the model runs beside them: each prediction is queued with the
     * model's answer, which the reviewer's decision is compared with (agreement), and the caller
     * gets the interim answer, never the model's.
     */
    SHADOW,

    /**
     * The model answers every case at once and a person checks each one: every prediction is queued
     * with the model's answer and the caller gets the model's answer, whatever the interim policy.
     */
    AI_ASSISTANCE,

    /**
     * The model answers what it is sure of: a prediction whose confidence is below the threshold
     * (or that has none, unless automated) is queued and the caller gets the interim answer; the
     * rest are answered by the model without review.
     */
    PARTIAL,

    /** The model answers everything; nothing is reviewed. */
    FULL;

    /** @return true when every prediction goes to review at this level */
    public boolean reviewsEverything() {
        return this == HUMAN_ONLY || this == SHADOW || this == AI_ASSISTANCE;
    }
}

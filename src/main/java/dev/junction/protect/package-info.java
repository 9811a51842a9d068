/**
 * Protection at the push (spec 5): the rules as pure functions over one ref update
 * ({@link dev.junction.protect.PushRules}), and the pre-receive hook that applies them in the
 * shared bare repository ({@link dev.junction.protect.Hook}).
 */
package dev.junction.protect;

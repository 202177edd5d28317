/**
 * The trust model: capabilities with a sensitivity, grants with a trust window, and the policy
 * service the core implements to decide every privileged call (default deny).
 *
 * <p>Standing is decided by sensitivity, not origin: read grants may stand (1h, 1d, 7d,
 * until-revoked), write grants stand only after a human approved them, and execute is never
 * standing — it is approved per use ({@link dev.nexo.api.trust.TrustWindow#ONCE}).
 * {@link dev.nexo.api.trust.TrustPolicy} is implemented only by Nexo itself; extensions call it.
 */
@Export
@Version("1.0.0")
package dev.nexo.api.trust;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;

/** Channel SPI: messaging channels implemented by channel bundles. */
@Export
@Version("1.0.0")
package dev.nexo.api.channel;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;

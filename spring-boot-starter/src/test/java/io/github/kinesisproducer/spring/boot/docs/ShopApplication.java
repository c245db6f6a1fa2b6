package io.github.kinesisproducer.spring.boot.docs;

import org.springframework.boot.autoconfigure.SpringBootApplication;

/** The example application: component scanning finds {@link OrderEvents}, auto-configuration the producers. */
@SpringBootApplication
public class ShopApplication {
}

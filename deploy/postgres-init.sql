-- One database per service, as the architecture requires; run once by the postgres image.
CREATE DATABASE intake;
CREATE DATABASE screening;
CREATE DATABASE scoring;
CREATE DATABASE notify;
CREATE DATABASE accounts;

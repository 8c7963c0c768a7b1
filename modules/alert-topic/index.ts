export { AlertTopic, type AlertTopicProps, TopicMetrics } from "./alert-topic";

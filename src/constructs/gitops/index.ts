export * from './argo-source';
export * from './environment-application';

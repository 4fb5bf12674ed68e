import { Body, Controller, HttpCode, Inject, Param, Post } from '@nestjs/common';
import { API_ROUTES, type JobAccepted, type TrainRequest } from '@shoal/contracts';
import { SchemaPipe } from '../common/schema.pipe';
import { EmptyBodyPipe } from './empty-body.pipe';
import { TrainingService } from './training.service';

@Controller('v1/collections')
export class TrainingController {
  constructor(@Inject(TrainingService) private readonly training: TrainingService) {}

  /** 202 with the training job's id; asking again while it is pending answers the same id. */
  @Post(':name/train')
  @HttpCode(202)
  train(@Param('name') name: string, @Body(new EmptyBodyPipe(), new SchemaPipe<TrainRequest>(API_ROUTES.train.body)) body: TrainRequest): Promise<JobAccepted> {
    return this.training.train(name, body);
  }
}
